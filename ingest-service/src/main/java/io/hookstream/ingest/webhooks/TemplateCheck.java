package io.hookstream.ingest.webhooks;

import io.hookstream.ingest.api.ApiException;
import io.hookstream.ingest.routing.EventTypePatterns;
import io.hookstream.model.EventType;
import io.hookstream.model.Subscription;
import io.hookstream.model.Tenant;
import io.hookstream.templates.PayloadTemplate;
import io.hookstream.templates.TemplateException;
import io.hookstream.templates.TemplateInput;
import io.hookstream.templates.Templates;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Judges a webhook's template before it is stored: it must compile, and render a body for a
 * sample event of each type the webhook subscribes to (at most {@link #MAX_SAMPLES}, within
 * {@link #BUDGET} in all, so a request cannot hold an API thread for long). A failure answers 422
 * on {@code template} with the library's message.
 */
final class TemplateCheck {
  static final int MAX_SAMPLES = 20;
  static final Duration BUDGET = Duration.ofSeconds(2);

  private TemplateCheck() {}

  static void check(Subscription draft, Collection<EventType> catalog, Tenant tenant,
      Templates templates, Instant now) {
    if (draft.template() == null) {
      return;
    }
    PayloadTemplate template;
    try {
      template = templates.compiled(draft.template());
    } catch (TemplateException e) {
      throw invalid("the template does not compile: " + e.getMessage());
    }
    List<EventType> types = catalog.stream()
        .filter(t -> EventTypePatterns.matchesAny(draft.events(), t.name()))
        .sorted(Comparator.comparing(EventType::name))
        .limit(MAX_SAMPLES)
        .toList();
    long deadline = System.nanoTime() + BUDGET.toNanos();
    for (EventType type : types) {
      try {
        template.render(TemplateInput.of(SampleEvents.task(type, draft, now), draft, type,
            tenant));
      } catch (TemplateException e) {
        throw invalid("the template fails for a sample " + type.name() + " event (its catalog"
            + " example, or data made from its schema, or {}): " + e.getMessage());
      }
      if (System.nanoTime() > deadline) {
        throw invalid("the template takes too long: its sample events took over "
            + BUDGET.toMillis() + " ms to render");
      }
    }
  }

  private static ApiException invalid(String message) {
    return new ApiException(422, "invalid_template", message, "template");
  }
}
