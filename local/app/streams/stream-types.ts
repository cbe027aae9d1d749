// The AWS Lambda DynamoDB Streams event and its partial-batch response (as in @types/aws-lambda), and the record
// Lambda sends to a stream's on-failure destination (batch info, not the records), so handlers deploy unchanged.

export type AttributeValue = Record<string, unknown>;

export interface DynamoDBRecord {
  eventID: string;
  eventName: "INSERT" | "MODIFY" | "REMOVE";
  eventVersion: string;
  eventSource: "aws:dynamodb";
  awsRegion: string;
  eventSourceARN: string;
  dynamodb: {
    ApproximateCreationDateTime: number;
    Keys: Record<string, AttributeValue>;
    NewImage?: Record<string, AttributeValue>;
    OldImage?: Record<string, AttributeValue>;
    SequenceNumber: string;
    SizeBytes: number;
    StreamViewType: string;
  };
}

export interface DynamoDBStreamEvent {
  Records: DynamoDBRecord[];
}

export interface StreamsBatchResponse {
  batchItemFailures: Array<{ itemIdentifier: string }>;
}

export interface DDBStreamBatchInfo {
  shardId: string;
  startSequenceNumber: string;
  endSequenceNumber: string;
  approximateArrivalOfFirstRecord: string;
  approximateArrivalOfLastRecord: string;
  batchSize: number;
  streamArn: string;
}

/** The body Lambda sends to a stream event source mapping's on-failure destination (SQS). */
export interface StreamFailureRecord {
  requestContext: {
    requestId: string;
    functionArn: string;
    condition: "RetryAttemptsExhausted" | "RecordAgeExceeded";
    approximateInvokeCount: number;
  };
  responseContext: { statusCode: number; executedVersion: string; functionError: string };
  version: "1.0";
  timestamp: string;
  DDBStreamBatchInfo: DDBStreamBatchInfo;
}
