// Readiness probes: each asks the emulator a real, cheap question over HTTP.

async function post(endpoint: string, target: string, contentType: string, body: string): Promise<Response> {
  return fetch(endpoint, {
    method: "POST",
    headers: {
      "content-type": contentType,
      "x-amz-target": target,
      "x-amz-date": new Date()
        .toISOString()
        .replace(/[-:]/g, "")
        .replace(/\.\d{3}/, ""),
      authorization:
        "AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/x/aws4_request, SignedHeaders=host, Signature=0",
    },
    body,
    signal: AbortSignal.timeout(1000),
  });
}

export async function sqsReady(endpoint: string): Promise<boolean> {
  const res = await post(endpoint, "AmazonSQS.ListQueues", "application/x-amz-json-1.0", "{}");
  await res.arrayBuffer();
  return res.status === 200;
}

export async function dynamodbReady(endpoint: string): Promise<boolean> {
  const res = await post(endpoint, "DynamoDB_20120810.ListTables", "application/x-amz-json-1.0", "{}");
  await res.arrayBuffer();
  return res.status === 200;
}

export async function cloudwatchReady(endpoint: string): Promise<boolean> {
  const res = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(1000) });
  await res.arrayBuffer();
  return res.status === 200;
}
