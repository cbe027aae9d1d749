# The harness image for `harness export k8s --image`: Node 24, the compiled package with its production dependencies,
# `harness` as the entrypoint. No secrets in it: AWS credentials come at run time from the pod's service account (IRSA,
# EKS Pod Identity) or its environment. Built in a checkout, from what `npm run build` leaves in dist/:
#   npm ci && npm run build && docker build -t registry.example/harness:0.1.0 .
# The team's config goes on top (FROM registry.example/harness:0.1.0, then COPY harness.config.ts /work/ and COPY
# payloads /work/payloads), or is mounted under /work from a ConfigMap: `import ... from "harness"` resolves in /work
# and in every folder below it.
FROM node:24-bookworm-slim

# `export k8s --s3` uploads with the AWS CLI: docker build --build-arg AWS_CLI=1 ...
ARG AWS_CLI=0
RUN if [ "$AWS_CLI" = "1" ]; then \
      apt-get update && apt-get install -y --no-install-recommends awscli && rm -rf /var/lib/apt/lists/*; \
    fi

ENV NODE_ENV=production CI=true
WORKDIR /opt/harness
# The lockfile pins what the tests ran against; dev tools (and npm's `node`: the base image is Node 24) stay out.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY bin/launch.js bin/launch.js
COPY dist dist
# `harness` on PATH (which `npx harness` in the Jobs finds too), and the package where a config under /work finds it.
RUN ln -s /opt/harness/bin/launch.js /usr/local/bin/harness \
    && mkdir -p /work/node_modules /ledgers \
    && ln -s /opt/harness /work/node_modules/harness \
    && chown node:node /work /ledgers

USER node
WORKDIR /work
ENTRYPOINT ["harness"]
CMD ["--help"]
