import { CreateQueueCommand, SQSClient } from "@aws-sdk/client-sqs";
import { startFauxqs } from "fauxqs";
import { LOCAL_AWS } from "./dynamodb-local.js";

export interface LocalSqs {
  readonly endpoint: string;
  client(): SQSClient;
  /** Creates a standard queue and returns its URL. */
  createQueue(name: string, attributes?: Record<string, string>): Promise<string>;
  stop(): Promise<void>;
}

/** Starts an in-process fauxqs (SQS emulator) on an OS-assigned port. */
export async function startLocalSqs(): Promise<LocalSqs> {
  const server = await startFauxqs({ port: 0, logger: false });
  const endpoint = `http://127.0.0.1:${server.port}`;
  const client = (): SQSClient => new SQSClient({ ...LOCAL_AWS, endpoint });
  return {
    endpoint,
    client,
    async createQueue(name, attributes) {
      const sqs = client();
      try {
        const created = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
        if (created.QueueUrl === undefined) throw new Error(`fauxqs returned no URL for queue ${name}`);
        return created.QueueUrl;
      } finally {
        sqs.destroy();
      }
    },
    stop: () => server.stop(),
  };
}
