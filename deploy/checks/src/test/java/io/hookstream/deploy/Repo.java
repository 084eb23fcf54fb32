package io.hookstream.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** Files of this repository, as the deployment checks read them. */
final class Repo {
  static final Path ROOT = Path.of(System.getProperty("hookstream.root", "../..")).toAbsolutePath()
      .normalize();
  /** The services an operator deploys, by module (= jar, image and container name). */
  static final List<String> SERVICES = List.of("ingest-service", "dispatcher-worker",
      "retry-scheduler");

  private Repo() {}

  static Path path(String relative) {
    return ROOT.resolve(relative);
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A {@code NAME=value} file ({@code .env}, kustomize {@code envs}); {@code #} lines are comments. */
  static Map<String, String> envFile(Path file) {
    Map<String, String> out = new java.util.HashMap<>();
    for (String line : read(file).split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        out.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
      }
    }
    return out;
  }

  /** Every document of a YAML file, with anchors, aliases and merge keys resolved. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> yaml(Path file) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    List<Map<String, Object>> out = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file)) {
      for (Object doc : new Yaml(options).loadAll(reader)) {
        if (doc != null) {
          out.add((Map<String, Object>) doc);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
