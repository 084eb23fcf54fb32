package io.hookstream.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A set of Kubernetes objects as Hookstream deploys them, each read strictly into its model: the
 * files of the base, or the output of {@code kubectl kustomize} for an overlay.
 */
final class KubeBundle {
  /** Every kind the manifests may hold, with its one accepted apiVersion and its model. */
  static final Map<String, Kind> KINDS = Map.of(
      "Namespace", new Kind("v1", Namespace.class),
      "ConfigMap", new Kind("v1", ConfigMap.class),
      "Secret", new Kind("v1", Secret.class),
      "Service", new Kind("v1", Service.class),
      "Deployment", new Kind("apps/v1", Deployment.class),
      "PodDisruptionBudget", new Kind("policy/v1", PodDisruptionBudget.class),
      "HorizontalPodAutoscaler", new Kind("autoscaling/v2", HorizontalPodAutoscaler.class),
      "ServiceMonitor", new Kind("monitoring.coreos.com/v1", ServiceMonitor.class),
      "ScaledObject", new Kind("keda.sh/v1alpha1", Keda.ScaledObject.class));

  record Kind(String apiVersion, Class<?> model) {}

  final List<Object> objects = new ArrayList<>();
  final Map<String, Map<String, String>> configMaps = new HashMap<>();
  final Map<String, Map<String, String>> secrets = new HashMap<>();

  /** Reads one document strictly; an unknown kind, apiVersion or field throws. */
  static Object typed(Map<String, Object> doc) {
    Object kindName = doc.get("kind");
    Kind kind = KINDS.get(String.valueOf(kindName));
    if (kind == null) {
      throw new IllegalArgumentException("unexpected kind " + kindName);
    }
    if (!kind.apiVersion().equals(doc.get("apiVersion"))) {
      throw new IllegalArgumentException(kindName + " must be apiVersion " + kind.apiVersion()
          + ", not " + doc.get("apiVersion"));
    }
    return StrictModel.read(doc, kind.model());
  }

  void add(Map<String, Object> doc) {
    Object object = typed(doc);
    objects.add(object);
    if (object instanceof ConfigMap map) {
      configMaps.put(map.getMetadata().getName(), map.getData());
    }
    if (object instanceof Secret secret) {
      Map<String, String> decoded = new HashMap<>();
      if (secret.getData() != null) {
        secret.getData().forEach((k, v) -> decoded.put(k,
            new String(Base64.getMimeDecoder().decode(v), StandardCharsets.UTF_8)));
      }
      if (secret.getStringData() != null) {
        decoded.putAll(secret.getStringData());
      }
      secrets.put(secret.getMetadata().getName(), decoded);
    }
  }

  <T> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }
}
