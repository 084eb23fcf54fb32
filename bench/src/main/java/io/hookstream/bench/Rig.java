package io.hookstream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A receiver, a Hookstream child process with the given extra settings, and a publisher. */
final class Rig implements AutoCloseable {
  final Receiver receiver = new Receiver();
  final Path dir = Files.createTempDirectory("hookstream-bench-");
  final String bootstrap;
  final HookstreamProcess hookstream;
  final Publisher publisher;

  Rig(Options options, Map<String, String> extraEnv, List<String> extraJvmArgs)
      throws Exception {
    List<String> jvmArgs = new ArrayList<>(options.hookstreamJvmArgs());
    jvmArgs.addAll(extraJvmArgs);
    Map<String, String> env = new HashMap<>();
    env.put("HOOKSTREAM_DATA_DIR", dir.toString());
    env.put("HOOKSTREAM_HTTP_PORT", String.valueOf(Scenarios.freePort()));
    env.put("HOOKSTREAM_ADMIN_TOKEN", Scenarios.ADMIN);
    env.put("HOOKSTREAM_ALLOW_PRIVATE_TARGETS", "true");
    env.put("HOOKSTREAM_MASTER_KEY", Scenarios.MASTER_KEY);
    String external = options.kafka();
    if (external != null) {
      env.put("KAFKA_BOOTSTRAP_SERVERS", external);
      bootstrap = external;
    } else {
      int kafkaPort = Scenarios.freePort();
      env.put("HOOKSTREAM_EMBEDDED_KAFKA_PORT", String.valueOf(kafkaPort));
      bootstrap = "127.0.0.1:" + kafkaPort;
    }
    env.putAll(options.hookstreamEnv());
    env.putAll(extraEnv);
    hookstream = HookstreamProcess.start(options, "io.hookstream.standalone.StandaloneMain",
        env, jvmArgs, dir.resolve("hookstream.log"));
    publisher = new Publisher(bootstrap, options.bodyBytes());
    hookstream.post("/v1/event-types", "{\"name\":\"" + Publisher.TYPE + "\"}");
  }

  /** A tenant with {@code n} webhooks at {@code /<prefix><i>}; answers the created webhooks. */
  List<JsonNode> tenant(String tenant, String prefix, int n) throws Exception {
    return tenant(tenant, prefix, n, "");
  }

  /** The same, each webhook with {@code extraFields} (JSON members, e.g. a preset). */
  List<JsonNode> tenant(String tenant, String prefix, int n, String extraFields)
      throws Exception {
    hookstream.post("/v1/tenants", "{\"id\":\"" + tenant + "\"}");
    List<JsonNode> subs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      subs.add(hookstream.post("/v1/tenants/" + tenant + "/webhooks", "{\"url\":\""
          + receiver.url("/" + prefix + i) + "\",\"events\":[\"" + Publisher.TYPE + "\"]"
          + extraFields + "}"));
    }
    return subs;
  }

  /**
   * {@code tenants} tenants of {@code perTenant} webhooks each, at {@code /<prefix><t>_<i>},
   * created by 16 concurrent callers; answers every created webhook.
   */
  List<JsonNode> tenants(String prefix, int tenants, int perTenant) throws Exception {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
    try {
      List<java.util.concurrent.Future<List<JsonNode>>> each = new ArrayList<>();
      for (int t = 0; t < tenants; t++) {
        String tenant = prefix + t;
        each.add(pool.submit(() -> tenant(tenant, tenant + "_", perTenant)));
      }
      List<JsonNode> all = new ArrayList<>();
      for (java.util.concurrent.Future<List<JsonNode>> f : each) {
        all.addAll(f.get());
      }
      return all;
    } finally {
      pool.shutdown();
    }
  }

  /** {@code n} webhooks of one tenant, created by 16 concurrent callers. */
  List<JsonNode> manyWebhooks(String tenant, String prefix, int n) throws Exception {
    hookstream.post("/v1/tenants", "{\"id\":\"" + tenant + "\"}");
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
    try {
      List<java.util.concurrent.Future<JsonNode>> each = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String url = receiver.url("/" + prefix + i);
        each.add(pool.submit(() -> hookstream.post("/v1/tenants/" + tenant + "/webhooks",
            "{\"url\":\"" + url + "\",\"events\":[\"" + Publisher.TYPE + "\"]}")));
      }
      List<JsonNode> all = new ArrayList<>();
      for (java.util.concurrent.Future<JsonNode> f : each) {
        all.add(f.get());
      }
      return all;
    } finally {
      pool.shutdown();
    }
  }

  @Override
  public void close() throws Exception {
    publisher.close();
    hookstream.close();
    receiver.close();
  }
}
