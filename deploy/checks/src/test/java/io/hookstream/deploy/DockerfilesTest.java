package io.hookstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each service's Dockerfile, read instruction by instruction (no Docker engine runs here): a
 * multi-stage build on the Maven version the wrapper pins, a JRE-only final stage as a non-root
 * user with container-aware memory settings, a healthcheck on a path the service really serves,
 * and an exec-form entrypoint on the jar the module really builds.
 */
class DockerfilesTest {
  @RegisterExtension static final OpsEndpoints ops = new OpsEndpoints();

  record Instruction(String keyword, String args) {}

  @Test
  void everyServiceImageIsBuiltAndRunAsOperatorsExpect() throws Exception {
    String maven = Repo.read(Repo.path(".mvn/wrapper/maven-wrapper.properties"))
        .replaceAll("(?s).*apache-maven/([0-9.]+)/.*", "$1");
    for (String service : Repo.SERVICES) {
      List<Instruction> file = parse(Repo.read(Repo.path(service + "/Dockerfile")));
      List<Instruction> froms = only(file, "FROM");
      assertThat(froms).as(service + " stages").hasSize(2);
      assertThat(froms.get(0).args()).isEqualTo("maven:" + maven + "-eclipse-temurin-17 AS build");
      // Built for 17 (the floor), run on 25: virtual threads for the dispatcher's HTTP calls.
      assertThat(froms.get(1).args()).as("JRE only at run time").isEqualTo("eclipse-temurin:25-jre");
      assertThat(only(file, "RUN").get(0).args()).contains("-pl " + service + " -am");

      List<Instruction> runtime = file.subList(file.indexOf(froms.get(1)), file.size());
      assertThat(only(runtime, "COPY")).extracting(Instruction::args).containsExactly(
          "--from=build /src/" + service + "/target/lib/ /app/lib/",
          "--from=build /src/" + service + "/target/" + service + ".jar /app/" + service + ".jar");
      assertThat(Repo.read(Repo.path(service + "/pom.xml")))
          .contains("<finalName>" + service + "</finalName>");

      String user = only(runtime, "USER").get(0).args();
      assertThat(user.split(":")[0]).as("non-root").isNotIn("0", "root");
      String env = String.join(" ", only(runtime, "ENV").stream().map(Instruction::args).toList());
      assertThat(env).contains("-XX:MaxRAMPercentage=").contains("-XX:+ExitOnOutOfMemoryError")
          .contains("JAVA_TOOL_OPTIONS=");
      Matcher port = Pattern.compile("HOOKSTREAM_HTTP_PORT=(\\d+)").matcher(env);
      assertThat(port.find()).isTrue();
      assertThat(only(runtime, "EXPOSE").get(0).args()).isEqualTo(port.group(1));

      String health = only(runtime, "HEALTHCHECK").get(0).args();
      Matcher url = Pattern.compile("http://127\\.0\\.0\\.1:\\$\\{HOOKSTREAM_HTTP_PORT}(/[\\w/]+)")
          .matcher(health);
      assertThat(url.find()).as(health).isTrue();
      assertThat(ops.get(url.group(1)).statusCode()).as("healthcheck path served").isEqualTo(200);
      assertThat(health).contains("--start-period=");

      List<String> entrypoint = StrictModel.MAPPER.readValue(
          only(runtime, "ENTRYPOINT").get(0).args(), new TypeReference<List<String>>() {});
      assertThat(entrypoint).as("exec form, so the JVM gets SIGTERM")
          .containsExactly("java", "-jar", "/app/" + service + ".jar");
    }
  }

  @Test
  void theBuildContextLeavesOutBuildOutputAndLocalData() {
    assertThat(Repo.read(Repo.path(".dockerignore")).lines().toList())
        .contains("**/target", "data", ".git");
  }

  /** Instructions with line continuations joined and comments dropped. */
  static List<Instruction> parse(String dockerfile) {
    List<Instruction> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : dockerfile.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
        continue;
      }
      boolean continues = trimmed.endsWith("\\");
      current.append(continues ? trimmed.substring(0, trimmed.length() - 1) : trimmed).append(' ');
      if (!continues) {
        String text = current.toString().strip().replaceAll("\\s+", " ");
        int space = text.indexOf(' ');
        out.add(new Instruction(text.substring(0, space), text.substring(space + 1)));
        current.setLength(0);
      }
    }
    return out;
  }

  private static List<Instruction> only(List<Instruction> file, String keyword) {
    return file.stream().filter(i -> i.keyword().equals(keyword)).toList();
  }
}
