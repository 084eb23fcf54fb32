package io.hookstream.dispatch;

import io.hookstream.model.DeliveryRun;
import io.hookstream.model.DeliveryTask;
import io.hookstream.model.Subscription;
import io.hookstream.service.TopicView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Finds the subscription a delivery goes to, as it is now: the dispatcher's view of the compacted
 * subscriptions topic, or the copy the router put in the task when the view has not seen it yet
 * (a subscription created a moment ago). A subscription the view knows as deleted, or has not seen
 * long after the copy was made, is gone. A task of a run older than its delivery's latest (a manual
 * retry started since) is replaced.
 */
final class SubscriptionResolver {
  /** Longer than any view lag: a subscription this old that the view lacks was deleted. */
  static final Duration NEW_SUBSCRIPTION_GRACE = Duration.ofMinutes(1);

  sealed interface Resolution {
    record Active(Subscription subscription) implements Resolution {}

    record Disabled(Subscription subscription) implements Resolution {}

    record Deleted() implements Resolution {}

    /** A manual retry of the delivery started a newer run: this task is not sent. */
    record Replaced(long latestRun) implements Resolution {}
  }

  private final TopicView<Subscription> view;
  private final TopicView<DeliveryRun> runs;
  private final Clock clock;

  SubscriptionResolver(TopicView<Subscription> view, TopicView<DeliveryRun> runs, Clock clock) {
    this.view = view;
    this.runs = runs;
    this.clock = clock;
  }

  /**
   * Completes once the subscriptions view holds every change committed before this call. The
   * runs view is read as it is, without a barrier of its own: a retry's run is written before
   * the retry is queued and the attempt it replaces comes due much later, so the view has it by
   * then; a second barrier would stall every retry whenever its offsets went unanswered (as after
   * a broker dies, ClusterIT), and protection must never stop progress.
   */
  CompletableFuture<Void> fresh() {
    return view.fresh();
  }

  Resolution resolve(DeliveryTask task) {
    Optional<DeliveryRun> latest = runs.get(task.id().value());
    if (latest.isPresent() && task.runNumber() < latest.get().run()) {
      return new Resolution.Replaced(latest.get().run());
    }
    String key = Subscription.topicKey(task.tenant(), task.subscriptionId());
    if (view.deleted(key)) {
      return new Resolution.Deleted();
    }
    Subscription snapshot = task.subscription();
    Optional<Subscription> cached = view.get(key);
    Subscription current;
    if (cached.isPresent()) {
      current = snapshot != null && updated(snapshot).isAfter(updated(cached.get()))
          ? snapshot : cached.get();
    } else if (snapshot != null && !(view.caughtUp()
        && updated(snapshot).isBefore(clock.instant().minus(NEW_SUBSCRIPTION_GRACE)))) {
      current = snapshot;
    } else {
      return new Resolution.Deleted();
    }
    return current.enabled() ? new Resolution.Active(current) : new Resolution.Disabled(current);
  }

  private static Instant updated(Subscription s) {
    return s.updatedAt() != null ? s.updatedAt() : Instant.EPOCH;
  }
}
