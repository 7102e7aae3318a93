// `@sharehub/kit/kafka`: the Kafka adapter of the EventBus port and the broker tooling around it (loads kafkajs).
export { KafkaEventBus, type KafkaEventBusOptions, type KafkaEventBusStats } from './adapters/KafkaEventBus.js';
export { kafkaClientSecurity } from './adapters/kafkaClientSecurity.js';
export { provisionTopics, type TopicSpec } from './adapters/provisionTopics.js';
export { retryKafka } from './adapters/retryKafka.js';
