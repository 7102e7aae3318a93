import { getContainerRuntimeClient, GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import { KafkaContainer } from '@testcontainers/kafka';
import { ensureLocalServer, LOCAL_KAFKA, LOCAL_S3, runServerScript, type LocalServer } from '@sharehub/infra';

/** Where the tests' real servers are, and how to stop what was started for them. */
export interface TestServers {
  readonly kafkaBrokers: string[];
  readonly s3Endpoint: string;
  /** How each was found: from the environment, a container, or the local jars. */
  readonly source: {
    kafka: 'env' | 'testcontainers' | 'local-jar';
    s3: 'env' | 'testcontainers' | 'local-jar';
  };
  stop(): Promise<void>;
}

/** Image tags used when a container runtime answers (the same versions as the local jars). */
export const KAFKA_IMAGE = 'confluentinc/cp-kafka:7.9.0'; // Apache Kafka 3.9
export const S3_IMAGE = 'adobe/s3mock:4.12.4';

/**
 * Finds the tests' servers in this order: `KAFKA_BROKERS` / `S3_ENDPOINT` if set; else Testcontainers, if a
 * container runtime answers; else the local jars from `infra/`. Throws (never skips) when none comes up.
 */
export async function resolveServers(
  env: Record<string, string | undefined>,
  log: (line: string) => void = () => undefined,
): Promise<TestServers> {
  const stops: Array<() => Promise<void>> = [];
  const runtime = env.KAFKA_BROKERS && env.S3_ENDPOINT ? false : await containerRuntimeAnswers();
  try {
    let kafkaBrokers: string[];
    let kafkaSource: TestServers['source']['kafka'];
    if (env.KAFKA_BROKERS) {
      kafkaBrokers = env.KAFKA_BROKERS.split(',');
      kafkaSource = 'env';
    } else if (runtime) {
      const kafka = await new KafkaContainer(KAFKA_IMAGE).withKraft().start();
      stops.push(() => kafka.stop().then(() => undefined));
      kafkaBrokers = [`${kafka.getHost()}:${kafka.getMappedPort(9093)}`];
      kafkaSource = 'testcontainers';
    } else {
      await startLocal('kafka', stops);
      kafkaBrokers = [LOCAL_KAFKA];
      kafkaSource = 'local-jar';
    }
    let s3Endpoint: string;
    let s3Source: TestServers['source']['s3'];
    if (env.S3_ENDPOINT) {
      s3Endpoint = env.S3_ENDPOINT;
      s3Source = 'env';
    } else if (runtime) {
      const s3: StartedTestContainer = await new GenericContainer(S3_IMAGE)
        .withExposedPorts(9090)
        .withWaitStrategy(Wait.forHttp('/', 9090))
        .start();
      stops.push(() => s3.stop().then(() => undefined));
      s3Endpoint = `http://${s3.getHost()}:${s3.getMappedPort(9090)}`;
      s3Source = 'testcontainers';
    } else {
      await startLocal('s3', stops);
      s3Endpoint = LOCAL_S3;
      s3Source = 'local-jar';
    }
    log(`test servers: Kafka ${kafkaBrokers.join(',')} (${kafkaSource}), S3 ${s3Endpoint} (${s3Source})`);
    return {
      kafkaBrokers,
      s3Endpoint,
      source: { kafka: kafkaSource, s3: s3Source },
      stop: async () => {
        for (const stop of stops.reverse()) await stop();
      },
    };
  } catch (err) {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    throw new Error(`The real test servers did not come up (tests never skip): ${(err as Error).message}`, {
      cause: err,
    });
  }
}

async function containerRuntimeAnswers(): Promise<boolean> {
  try {
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

async function startLocal(server: LocalServer, stops: Array<() => Promise<void>>): Promise<void> {
  const { startedHere } = await ensureLocalServer(server);
  if (startedHere) stops.push(() => runServerScript(server, 'stop'));
}
