package io.hookstream.standalone.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.hookstream.config.Env;
import io.hookstream.signing.WebhookSecrets;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.LoggerFactory;

/** The standalone jar's commands besides running Hookstream: {@code listen} and {@code tail}. */
public final class Commands {
  static final String USAGE = String.join("\n",
      "usage: java -jar hookstream-standalone.jar [listen|tail|help] [options]",
      "  (no command)  run Hookstream: embedded Kafka, the API, dispatcher and retry scheduler",
      "  listen --forward-to URL | --print-only  [--events 'order.*'] [--tenant dev]",
      "         [--api http://127.0.0.1:8080] [--token T] [--port 0] [--secret whsec_...]",
      "         receive webhooks here: print each with its signature check, forward it to your",
      "         app; a temporary webhook is registered and removed on Ctrl-C (with --secret:",
      "         none is registered, the webhook you made is received on --port)",
      "  tail TOPIC [--from-beginning] [--max N] [--bootstrap 127.0.0.1:9092]",
      "         print a topic's records readably, e.g. tail hookstream.attempts --from-beginning");

  private Commands() {}

  /** Runs the command in {@code args}; answers the exit status. */
  public static int run(String[] args, Env env) {
    quietLibraries();
    PrintStream out = System.out;
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    try {
      switch (args[0]) {
        case "listen" -> listen(rest, env, out);
        case "tail" -> tail(rest, env, out);
        case "help", "--help", "-h" -> out.println(USAGE);
        default -> throw new Args.UsageException("unknown command " + args[0]);
      }
      return 0;
    } catch (Args.UsageException e) {
      System.err.println("hookstream " + args[0] + ": " + e.getMessage());
      System.err.println("run `java -jar hookstream-standalone.jar help` for the options");
      return 2;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 130;
    } catch (IOException | RuntimeException e) {
      System.err.println("hookstream " + args[0] + " failed: " + e);
      return 1;
    }
  }

  private static void listen(List<String> raw, Env env, PrintStream out)
      throws IOException, InterruptedException {
    Listen listen = new Listen(listenSettings(raw, env), out, Clock.systemUTC());
    Runtime.getRuntime().addShutdownHook(new Thread(listen::close, "listen-stop"));
    listen.start();
    listen.awaitClosed();
  }

  static Listen.Settings listenSettings(List<String> raw, Env env) {
    Args args = Args.parse(raw, Set.of("forward-to", "events", "tenant", "api", "token", "port",
        "secret"), Set.of("print-only"));
    Optional<URI> forwardTo = args.option("forward-to").map(Commands::httpUrl);
    if (forwardTo.isPresent() == args.flag("print-only")) {
      throw new Args.UsageException("give either --forward-to URL or --print-only");
    }
    Optional<String> secret = args.option("secret");
    if (secret.isPresent() && !WebhookSecrets.isStandard(secret.get())) {
      throw new Args.UsageException("--secret must be the webhook's whsec_ secret as the API"
          + " answered it (whsec_ and base64 of 24 to 64 bytes)");
    }
    int port = args.intOption("port", secret.isPresent() ? 9000 : 0, 0, 65_535);
    List<String> events = List.of(args.option("events").orElse("*").split(","));
    String tenant = args.option("tenant").orElse("dev");
    URI api = httpUrl(args.option("api").orElse(env.optional("HOOKSTREAM_API")
        .orElse("http://127.0.0.1:" + env.string("HOOKSTREAM_HTTP_PORT", "8080"))));
    String token = secret.isPresent() ? "" : args.option("token")
        .or(() -> env.optional("HOOKSTREAM_ADMIN_TOKEN"))
        .orElseGet(() -> keptToken(env));
    return new Listen.Settings(api, token, tenant, events, forwardTo, port, secret);
  }

  private static String keptToken(Env env) {
    Path file = env.path("HOOKSTREAM_DATA_DIR", Path.of("data")).resolve("admin-token");
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new Args.UsageException("no admin token: pass --token, set HOOKSTREAM_ADMIN_TOKEN,"
          + " or run from the directory that holds " + file);
    }
  }

  private static URI httpUrl(String raw) {
    try {
      URI uri = URI.create(raw);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return uri.getPath() == null || uri.getPath().isEmpty() ? uri.resolve("/") : uri;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new Args.UsageException("not an http(s) URL: " + raw);
  }

  private static void tail(List<String> raw, Env env, PrintStream out) {
    Args args = Args.parse(raw, Set.of("max", "bootstrap"), Set.of("from-beginning"));
    if (args.positional().size() != 1) {
      throw new Args.UsageException("name one topic, e.g. hookstream.attempts");
    }
    String bootstrap = args.option("bootstrap").or(() -> env.optional("KAFKA_BOOTSTRAP_SERVERS"))
        .orElse("127.0.0.1:" + env.string("HOOKSTREAM_EMBEDDED_KAFKA_PORT", "9092"));
    Tail tail = new Tail(bootstrap, args.positional().get(0), args.flag("from-beginning"),
        args.intOption("max", 0, 0, Integer.MAX_VALUE), out);
    Runtime.getRuntime().addShutdownHook(new Thread(tail::close, "tail-stop"));
    tail.run();
  }

  /** The commands talk to the user: Kafka's and Jetty's client logs would drown their lines. */
  private static void quietLibraries() {
    if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext ctx) {
      ctx.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.ERROR);
      ctx.getLogger("org.apache.kafka").setLevel(Level.OFF);
      ctx.getLogger("io.hookstream").setLevel(Level.WARN);
    }
  }
}
