package io.hookstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.hookstream.config.ConfigException;
import io.hookstream.config.Env;
import io.hookstream.dispatch.DispatcherConfig;
import io.hookstream.topics.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * deploy/kubernetes against the services as they are: every manifest read strictly with fabric8's
 * Kubernetes model (a misspelled field fails), and every port, probe path, scrape path and
 * environment variable checked against what the services really serve and read. The overlay is
 * also rendered with {@code kubectl kustomize} where kubectl is installed, and checked the same.
 */
class KubernetesManifestsTest {
  static final Path K8S = Repo.path("deploy/kubernetes");
  static final String POD_IP = "10.1.2.3";
  @RegisterExtension static final OpsEndpoints ops = new OpsEndpoints();

  @Test
  void everyManifestAndKustomizationParsesStrictly() throws IOException {
    List<Path> files = yamlFiles();
    assertThat(files).hasSizeGreaterThan(8);
    for (Path file : files) {
      for (Map<String, Object> doc : Repo.yaml(file)) {
        try {
          if (file.getFileName().toString().equals("kustomization.yaml")) {
            checkKustomization(file, StrictModel.read(doc, Kustomize.Kustomization.class));
          } else {
            KubeBundle.typed(doc);
          }
        } catch (RuntimeException e) {
          fail(K8S.relativize(file) + ": " + e.getMessage(), e);
        }
      }
    }
  }

  @Test
  void aMisspelledFieldAnywhereFailsTheBuild() {
    Map<String, Object> deployment = Repo.yaml(K8S.resolve("base/dispatcher-worker.yaml")).get(0);
    Map<String, Object> spec = child(deployment, "spec");
    spec.put("replcas", spec.remove("replicas"));
    assertThatThrownBy(() -> KubeBundle.typed(deployment))
        .hasMessageContaining("unknown fields: Deployment.spec.replcas");

    Map<String, Object> again = Repo.yaml(K8S.resolve("base/dispatcher-worker.yaml")).get(0);
    Map<String, Object> container = containers(again).get(0);
    container.put("readinesProbe", container.remove("readinessProbe"));
    assertThatThrownBy(() -> KubeBundle.typed(again)).hasMessageContaining(
        "Deployment.spec.template.spec.containers[0].readinesProbe");
  }

  @Test
  void theBaseMatchesThePortsPathsAndVariablesTheServicesUse() {
    KubeBundle base = new KubeBundle();
    for (String file : List.of("ingest-service.yaml", "dispatcher-worker.yaml",
        "retry-scheduler.yaml", "servicemonitor.yaml")) {
      Repo.yaml(K8S.resolve("base").resolve(file)).forEach(base::add);
    }
    base.configMaps.put("hookstream-config", Repo.envFile(K8S.resolve("base/config.env")));
    base.configMaps.put("hookstream-webhook-config",
        Repo.envFile(K8S.resolve("base/webhook-config.env")));
    base.secrets.putAll(exampleSecrets());
    checkAgainstTheServices(base);
  }

  @Test
  void theRenderedOverlayMatchesThemToo() throws Exception {
    KubeBundle overlay = render(K8S.resolve("overlays/example"));
    assertThat(overlay.all(Deployment.class)).hasSize(3);
    checkAgainstTheServices(overlay);
    Deployment dispatcher = deployment(overlay, "dispatcher-worker");
    assertThat(dispatcher.getSpec().getReplicas()).isEqualTo(3);
    assertThat(dispatcher.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("registry.example.com/hookstream/dispatcher-worker:0.1.0");
  }

  @Test
  void withTheKedaComponentLagScalesTheDispatcherInsteadOfCpu() throws Exception {
    Path overlay = Repo.path("deploy/checks/target/keda-overlay");
    Files.createDirectories(overlay);
    Files.writeString(overlay.resolve("kustomization.yaml"), String.join("\n",
        "resources: [" + overlay.relativize(K8S.resolve("base")) + "]",
        "components: [" + overlay.relativize(K8S.resolve("components/keda")) + "]", ""));
    KubeBundle keda = render(overlay);
    keda.secrets.putAll(exampleSecrets());
    assertThat(keda.all(HorizontalPodAutoscaler.class)).isEmpty();
    assertThat(keda.all(Keda.ScaledObject.class)).hasSize(1);
    checkAgainstTheServices(keda);
  }

  // ---- the checks ----------------------------------------------------------------------------

  private static void checkAgainstTheServices(KubeBundle bundle) {
    List<Deployment> deployments = bundle.all(Deployment.class);
    assertThat(deployments).extracting(d -> d.getMetadata().getName())
        .containsExactlyInAnyOrderElementsOf(Repo.SERVICES);
    for (Deployment d : deployments) {
      checkDeployment(bundle, d);
    }
    for (Service service : bundle.all(Service.class)) {
      checkService(bundle, service);
    }
    for (PodDisruptionBudget pdb : bundle.all(PodDisruptionBudget.class)) {
      Deployment target = selected(bundle, pdb.getSpec().getSelector().getMatchLabels());
      IntOrString minAvailable = pdb.getSpec().getMinAvailable();
      if (target.getSpec().getReplicas() == 1) {
        assertThat(minAvailable).as("a PDB of a single pod must let a drain evict it").isNull();
      }
    }
    int partitions = Integer.parseInt(config(bundle).get("HOOKSTREAM_DELIVERIES_PARTITIONS"));
    for (HorizontalPodAutoscaler hpa : bundle.all(HorizontalPodAutoscaler.class)) {
      assertThat(deployment(bundle, hpa.getSpec().getScaleTargetRef().getName())).isNotNull();
      assertThat(hpa.getSpec().getMaxReplicas()).as("dispatchers beyond the partitions idle")
          .isLessThanOrEqualTo(partitions);
    }
    for (Keda.ScaledObject scaled : bundle.all(Keda.ScaledObject.class)) {
      assertThat(deployment(bundle, scaled.spec().scaleTargetRef().name())).isNotNull();
      assertThat(scaled.spec().maxReplicaCount()).isLessThanOrEqualTo(partitions);
      Keda.KafkaMetadata kafka = scaled.spec().triggers().get(0).metadata();
      assertThat(scaled.spec().triggers().get(0).type()).isEqualTo("kafka");
      assertThat(kafka.consumerGroup()).isEqualTo(Topics.DISPATCHER_GROUP);
      assertThat(kafka.topic()).isEqualTo(Topics.DELIVERIES);
      assertThat(kafka.bootstrapServers()).isEqualTo(config(bundle).get("KAFKA_BOOTSTRAP_SERVERS"));
    }
    List<ServiceMonitor> monitors = bundle.all(ServiceMonitor.class);
    assertThat(monitors).hasSize(1);
    checkServiceMonitor(bundle, monitors.get(0));
  }

  private static void checkDeployment(KubeBundle bundle, Deployment d) {
    String name = d.getMetadata().getName();
    var pod = d.getSpec().getTemplate().getSpec();
    assertThat(pod.getContainers()).hasSize(1);
    Container c = pod.getContainers().get(0);
    assertThat(c.getName()).isEqualTo(name);
    assertThat(c.getImage()).as("image of " + name).contains("hookstream/" + name + ":");
    assertThat(d.getSpec().getSelector().getMatchLabels().entrySet())
        .isSubsetOf(d.getSpec().getTemplate().getMetadata().getLabels().entrySet());

    Map<String, String> env = environment(bundle, c);
    try {
      assertThat(ServiceEnvironment.unread(name, env)).as("variables " + name + " never reads")
          .isEmpty();
    } catch (ConfigException e) {
      fail(name + " would not start with this environment: " + e.getMessage());
    }
    int port = Integer.parseInt(env.getOrDefault("HOOKSTREAM_HTTP_PORT", "8080"));
    assertThat(c.getPorts()).extracting(ContainerPort::getName, ContainerPort::getContainerPort)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("http", port));

    String live = probePath(c, c.getLivenessProbe(), "liveness");
    String ready = probePath(c, c.getReadinessProbe(), "readiness");
    probePath(c, c.getStartupProbe(), "startup");
    assertThat(live).as("a pod that is merely not ready must not be restarted").isNotEqualTo(ready);

    assertThat(c.getLifecycle().getPreStop()).as("preStop of " + name).isNotNull();
    List<String> preStop = c.getLifecycle().getPreStop().getExec().getCommand();
    long preStopSeconds = preStop.get(0).equals("sleep") ? Long.parseLong(preStop.get(1)) : 0;
    long needed = preStopSeconds + 10;
    if (name.equals("dispatcher-worker")) {
      needed += DispatcherConfig.fromEnv(Env.of(env)).shutdownGrace().toSeconds();
    }
    assertThat(pod.getTerminationGracePeriodSeconds()).as("grace period of " + name)
        .isGreaterThanOrEqualTo(needed);
    assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(c.getResources().getLimits()).containsKey("memory");
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
  }

  /** The container's environment as the kubelet would build it. */
  private static Map<String, String> environment(KubeBundle bundle, Container c) {
    Map<String, String> env = new HashMap<>();
    for (EnvFromSource from : c.getEnvFrom()) {
      if (from.getConfigMapRef() != null) {
        Map<String, String> data = bundle.configMaps.get(from.getConfigMapRef().getName());
        assertThat(data).as("ConfigMap " + from.getConfigMapRef().getName()).isNotNull();
        env.putAll(data);
      }
      if (from.getSecretRef() != null) {
        Map<String, String> data = bundle.secrets.get(from.getSecretRef().getName());
        if (data == null) {
          assertThat(from.getSecretRef().getOptional()).as("Secret "
              + from.getSecretRef().getName()).isTrue();
        } else {
          env.putAll(data);
        }
      }
    }
    for (EnvVar var : c.getEnv()) {
      if (var.getValueFrom() == null) {
        env.put(var.getName(), var.getValue());
      } else if (var.getValueFrom().getSecretKeyRef() != null) {
        var ref = var.getValueFrom().getSecretKeyRef();
        String value = bundle.secrets.getOrDefault(ref.getName(), Map.of()).get(ref.getKey());
        assertThat(value).as("Secret " + ref.getName() + " key " + ref.getKey()).isNotNull();
        env.put(var.getName(), value);
      } else if (var.getValueFrom().getFieldRef() != null) {
        assertThat(var.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("status.podIP");
        env.put(var.getName(), POD_IP);
      } else {
        fail("unexpected valueFrom for " + var.getName());
      }
    }
    return env;
  }

  private static String probePath(Container c, Probe probe, String what) {
    assertThat(probe).as(what + " probe of " + c.getName()).isNotNull();
    assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
    String path = probe.getHttpGet().getPath();
    assertThat(ops.get(path).statusCode()).as(what + " path " + path + " served").isEqualTo(200);
    return path;
  }

  private static void checkService(KubeBundle bundle, Service service) {
    Deployment target = selected(bundle, service.getSpec().getSelector());
    Container c = target.getSpec().getTemplate().getSpec().getContainers().get(0);
    for (ServicePort port : service.getSpec().getPorts()) {
      String targetPort = port.getTargetPort().getStrVal();
      assertThat(c.getPorts()).extracting(ContainerPort::getName).contains(targetPort);
    }
    assertThat(service.getMetadata().getLabels()).containsEntry("app.kubernetes.io/part-of",
        "hookstream");
  }

  private static void checkServiceMonitor(KubeBundle bundle, ServiceMonitor monitor) {
    Map<String, String> selector = monitor.getSpec().getSelector().getMatchLabels();
    List<Service> scraped = bundle.all(Service.class).stream()
        .filter(s -> s.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
        .toList();
    assertThat(scraped).extracting(s -> s.getMetadata().getName())
        .containsExactlyInAnyOrderElementsOf(Repo.SERVICES);
    // The alert rules and dashboard select job="hookstream": the job label must say so.
    String jobLabel = monitor.getSpec().getJobLabel();
    assertThat(scraped).allSatisfy(s -> assertThat(s.getMetadata().getLabels().get(jobLabel))
        .isEqualTo("hookstream"));
    assertThat(Repo.read(Repo.path("deploy/prometheus/alerts.yml")))
        .contains("job=\"hookstream\"");
    for (Endpoint endpoint : monitor.getSpec().getEndpoints()) {
      assertThat(scraped).allSatisfy(s -> assertThat(s.getSpec().getPorts())
          .extracting(ServicePort::getName).contains(endpoint.getPort()));
      var page = ops.get(endpoint.getPath());
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("# TYPE jvm_memory_used_bytes gauge");
    }
  }

  private static void checkKustomization(Path file, Kustomize.Kustomization k) {
    Path dir = file.getParent();
    List<String> paths = new ArrayList<>();
    if (k.resources() != null) {
      paths.addAll(k.resources());
    }
    if (k.components() != null) {
      paths.addAll(k.components());
    }
    if (k.patches() != null) {
      k.patches().stream().filter(p -> p.path() != null).forEach(p -> paths.add(p.path()));
    }
    for (List<Kustomize.Generator> generators : java.util.Arrays.asList(k.configMapGenerator(),
        k.secretGenerator())) {
      if (generators != null) {
        generators.stream().filter(g -> g.envs() != null).forEach(g -> paths.addAll(g.envs()));
      }
    }
    for (String p : paths) {
      assertThat(dir.resolve(p)).as("referenced by " + K8S.relativize(file)).exists();
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  private static KubeBundle render(Path kustomization) throws Exception {
    assumeTrue(onPath("kubectl"), "kubectl is not installed: the rendered overlay is not checked");
    Process p = new ProcessBuilder("kubectl", "kustomize", "--load-restrictor=LoadRestrictionsNone",
        kustomization.toString()).redirectErrorStream(false).start();
    byte[] out = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(err).isZero();
    Path rendered = Files.createTempFile("rendered", ".yaml");
    try {
      Files.write(rendered, out);
      KubeBundle bundle = new KubeBundle();
      Repo.yaml(rendered).forEach(bundle::add);
      return bundle;
    } finally {
      Files.delete(rendered);
    }
  }

  private static Map<String, Map<String, String>> exampleSecrets() {
    Map<String, Object> overlay = Repo.yaml(K8S.resolve("overlays/example/kustomization.yaml"))
        .get(0);
    Kustomize.Kustomization k = StrictModel.read(overlay, Kustomize.Kustomization.class);
    Map<String, Map<String, String>> out = new HashMap<>();
    for (Kustomize.Generator g : k.secretGenerator()) {
      Map<String, String> data = new HashMap<>();
      g.literals().forEach(l -> data.put(l.substring(0, l.indexOf('=')),
          l.substring(l.indexOf('=') + 1)));
      out.put(g.name(), data);
    }
    return out;
  }



  private static Map<String, String> config(KubeBundle bundle) {
    return bundle.configMaps.entrySet().stream()
        .filter(e -> e.getKey().startsWith("hookstream-config")).findFirst().orElseThrow()
        .getValue();
  }

  private static Deployment deployment(KubeBundle bundle, String name) {
    return bundle.all(Deployment.class).stream()
        .filter(d -> d.getMetadata().getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no Deployment " + name));
  }

  private static Deployment selected(KubeBundle bundle, Map<String, String> selector) {
    List<Deployment> matches = bundle.all(Deployment.class).stream()
        .filter(d -> d.getSpec().getTemplate().getMetadata().getLabels().entrySet()
            .containsAll(selector.entrySet())).toList();
    assertThat(matches).as("pods selected by " + selector).hasSize(1);
    return matches.get(0);
  }

  private static List<Path> yamlFiles() throws IOException {
    try (Stream<Path> files = Files.walk(K8S)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> child(Map<String, Object> map, String key) {
    return (Map<String, Object>) map.get(key);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> containers(Map<String, Object> deployment) {
    return (List<Map<String, Object>>) child(child(child(deployment, "spec"), "template"), "spec")
        .get("containers");
  }

  static boolean onPath(String command) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
  }
}
