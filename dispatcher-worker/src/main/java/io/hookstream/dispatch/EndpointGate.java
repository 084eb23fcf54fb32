package io.hookstream.dispatch;

import io.hookstream.model.SubscriptionId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Per-endpoint concurrency: at most {@code limit} requests in flight to one subscription, a
 * bounded line of deliveries waiting behind them, and a clear "full" beyond that. A slow endpoint
 * fills only its own lane; everyone else's deliveries pass it.
 */
final class EndpointGate {
  enum Admission { STARTED, QUEUED, FULL }

  private final ConcurrentHashMap<SubscriptionId, Lane> lanes = new ConcurrentHashMap<>();
  private final int maxQueued;
  private final Consumer<Work> starter;

  /** {@code starter} runs each admitted work when its slot is free, on the admitting thread. */
  EndpointGate(int maxQueued, Consumer<Work> starter) {
    this.maxQueued = maxQueued;
    this.starter = starter;
  }

  private static final class Lane {
    int inFlight;
    boolean retired;
    final ArrayDeque<Work> waiting = new ArrayDeque<>();
  }

  Admission admit(SubscriptionId endpoint, int limit, Work work) {
    while (true) {
      Lane lane = lanes.computeIfAbsent(endpoint, k -> new Lane());
      synchronized (lane) {
        if (lane.retired) {
          continue;
        }
        if (lane.inFlight >= limit) {
          if (lane.waiting.size() >= maxQueued) {
            return Admission.FULL;
          }
          lane.waiting.add(work);
          return Admission.QUEUED;
        }
        lane.inFlight++;
      }
      starter.accept(work);
      return Admission.STARTED;
    }
  }

  /** Frees a slot of {@code endpoint}; the next waiting work, if any, takes it. */
  void release(SubscriptionId endpoint) {
    Lane lane = lanes.get(endpoint);
    if (lane == null) {
      return;
    }
    Work next;
    synchronized (lane) {
      next = lane.waiting.poll();
      if (next == null) {
        lane.inFlight--;
        if (lane.inFlight <= 0) {
          lane.retired = true;
          lanes.remove(endpoint, lane);
        }
      }
    }
    if (next != null) {
      starter.accept(next);
    }
  }

  /** Removes and returns the waiting (not started) works that match. */
  List<Work> purge(Predicate<Work> which) {
    List<Work> removed = new ArrayList<>();
    for (Lane lane : lanes.values()) {
      synchronized (lane) {
        Iterator<Work> it = lane.waiting.iterator();
        while (it.hasNext()) {
          Work w = it.next();
          if (which.test(w)) {
            it.remove();
            removed.add(w);
          }
        }
      }
    }
    return removed;
  }

  int inFlight() {
    int sum = 0;
    for (Lane lane : lanes.values()) {
      synchronized (lane) {
        sum += lane.inFlight;
      }
    }
    return sum;
  }
}
