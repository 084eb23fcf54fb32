package io.hookstream.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.config.Env;
import io.hookstream.dispatch.DispatcherConfig;
import io.hookstream.ingest.IngestConfig;
import io.hookstream.retry.scheduler.RetrySchedulerConfig;
import io.hookstream.service.TopicSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration table is the one place operators look: it names exactly the
 * variables the services read, as their configurations read them at start.
 */
class ConfigurationTableTest {
  static final Pattern NAME = Pattern.compile("`((?:HOOKSTREAM|KAFKA)_[A-Z0-9_<>]+)`");

  @Test
  void theReadmeTableNamesExactlyTheVariablesTheServicesRead() throws IOException {
    Env env = Env.of(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092",
        "HOOKSTREAM_ADMIN_TOKEN", "configuration-table-token",
        "HOOKSTREAM_MASTER_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="));
    StandaloneConfig.fromEnv(env);
    IngestConfig.fromEnv(env);
    DispatcherConfig.fromEnv(env);
    RetrySchedulerConfig.fromEnv(env);
    TopicSettings.fromEnv(env, false);
    Set<String> read = new TreeSet<>();
    env.asked().forEach(name -> read.add(name.endsWith("*")
        ? name.substring(0, name.length() - 1) + "<PROPERTY>" : name));

    Set<String> documented = documented();
    Set<String> undocumented = new TreeSet<>(read);
    undocumented.removeAll(documented);
    Set<String> neverRead = new TreeSet<>(documented);
    neverRead.removeAll(read);
    assertThat(undocumented).as("read by a service, missing from the README's table").isEmpty();
    assertThat(neverRead).as("in the README's table, read by no service").isEmpty();
  }

  /** The names in the first column of the table under "| variable | default | used by |". */
  static Set<String> documented() throws IOException {
    Path readme = Path.of(System.getProperty("hookstream.root", "../.."), "README.md");
    String text = Files.readString(readme);
    int start = text.indexOf("| variable | default | used by |");
    assertThat(start).as("the configuration table in " + readme).isNotNegative();
    int end = text.indexOf("\n\n", start);
    Set<String> names = new TreeSet<>();
    for (String row : text.substring(start, end).split("\n")) {
      String firstCell = row.split("\\|")[1];
      Matcher m = NAME.matcher(firstCell);
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }
}
