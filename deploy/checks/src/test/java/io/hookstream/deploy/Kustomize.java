package io.hookstream.deploy;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** The kustomization fields Hookstream's overlays use, read strictly. */
final class Kustomize {
  private Kustomize() {}

  record Kustomization(String apiVersion, String kind, String namespace, List<String> resources,
      List<String> components, List<Image> images, List<Patch> patches,
      List<Generator> configMapGenerator, List<Generator> secretGenerator) {}

  record Image(String name, String newName, String newTag) {}

  record Patch(String path, String patch, Map<String, String> target) {}

  record Generator(String name, String behavior, List<String> envs, List<String> literals,
      @JsonProperty("options") Map<String, Object> options) {}
}
