package io.hookstream.dispatch;

import io.hookstream.config.Env;
import io.hookstream.service.KafkaSettings;
import io.hookstream.service.TopicAdmin;
import io.hookstream.testkit.KafkaFixture;
import io.hookstream.testkit.ScriptedReceiver;
import io.hookstream.topics.TopicLayout;
import io.hookstream.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A dispatcher on a real broker with every topic of its retry schedule, a scripted receiver to
 * call, and a producer to hand it delivery records; closed in reverse order.
 */
record DispatcherRig(KafkaFixture kafka, KafkaSettings settings, ScriptedReceiver receiver,
    DispatcherService dispatcher, KafkaProducer<String, byte[]> producer)
    implements AutoCloseable {
  static final String MASTER_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

  /** {@code env} configures the dispatcher. */
  static DispatcherRig start(int deliveryPartitions, Map<String, String> env, Clock clock) {
    KafkaFixture kafka = KafkaFixture.start();
    KafkaSettings settings = KafkaSettings.of(kafka.bootstrapServers());
    Duration day = Duration.ofDays(1);
    TopicAdmin.createMissing(settings, Topics.all(new TopicLayout(2, deliveryPartitions, day, day,
        day)), (short) 1, 1);
    Map<String, String> vars = new HashMap<>(env);
    vars.putIfAbsent("HOOKSTREAM_MASTER_KEY", MASTER_KEY);
    DispatcherService dispatcher = new DispatcherService(
        DispatcherConfig.fromEnv(Env.of(vars), settings), new SimpleMeterRegistry(), clock);
    dispatcher.start();
    return new DispatcherRig(kafka, settings, new ScriptedReceiver(), dispatcher,
        new KafkaProducer<>(settings.client(Map.of()), new StringSerializer(),
            new ByteArraySerializer()));
  }

  @Override
  public void close() {
    producer.close();
    dispatcher.close();
    receiver.close();
    kafka.close();
  }
}
