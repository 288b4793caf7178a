package ai.maily.mesh.edge.ws;

import ai.maily.mesh.analytics.readmodel.AnalyticsQueries;
import ai.maily.mesh.analytics.readmodel.CampaignAnalytics;
import ai.maily.mesh.analytics.readmodel.CampaignChanges;
import ai.maily.mesh.analytics.readmodel.CampaignsChanged;
import ai.maily.mesh.canvas.live.CloseCodes;
import ai.maily.mesh.canvas.live.Incoming;
import ai.maily.mesh.core.Json;
import ai.maily.mesh.core.problem.Problem;
import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.core.problem.ProblemType;
import ai.maily.mesh.edge.auth.Principal;
import ai.maily.mesh.edge.rest.AnalyticsRoutes;
import ai.maily.mesh.edge.rest.CampaignView;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.typed.javadsl.ActorSource;

/**
 * The live analytics socket, {@code /ws/analytics} (docs/api/live-streams.md, ADR 0034): a snapshot
 * of the caller's tenant's campaigns on connect and on each {@code subscribe}, then a {@code
 * campaign} frame with the campaign's current aggregates whenever a committed projection round
 * changed it. Changes are conflated per campaign while the client reads slowly: what goes out is
 * read when it goes out, so a slow client gets the newest aggregates, never a backlog.
 */
public final class AnalyticsStream {

  /** The most campaigns a client may narrow a connection to. */
  public static final int MAX_CAMPAIGNS = 100;

  /** How many campaigns a snapshot of the whole tenant holds, the most recent first. */
  private static final int SNAPSHOT_CAMPAIGNS = 50;

  /** How many change notices wait for the stream before the oldest is dropped; few ever wait. */
  private static final int NOTICE_BUFFER = 16;

  private final ActorSystem<?> system;
  private final AnalyticsQueries queries;
  private final Clock clock = Clock.systemUTC();

  public AnalyticsStream(ActorSystem<?> system, AnalyticsQueries queries) {
    this.system = system;
    this.queries = queries;
  }

  /**
   * Checks the campaign ids a connection is narrowed to by its query: empty means every campaign.
   * Fails with an {@code invalid-request} problem.
   */
  public static Optional<Set<String>> narrowedTo(List<String> campaignIds) {
    if (campaignIds.isEmpty()) {
      return Optional.empty();
    }
    String invalid = invalid(campaignIds);
    if (invalid != null) {
      throw new ProblemException(
          new Problem(
              ProblemType.INVALID_REQUEST,
              invalid,
              List.of(new Problem.Violation("campaignId", invalid))));
    }
    return Optional.of(new LinkedHashSet<>(campaignIds));
  }

  private static String invalid(List<String> campaignIds) {
    if (campaignIds.size() > MAX_CAMPAIGNS) {
      return "a socket follows at most " + MAX_CAMPAIGNS + " campaigns";
    }
    for (String id : campaignIds) {
      if (id.isEmpty() || id.length() > AnalyticsRoutes.MAX_ID_LENGTH) {
        return "a campaign id has 1 to " + AnalyticsRoutes.MAX_ID_LENGTH + " characters";
      }
    }
    return null;
  }

  /**
   * The flow of one connection of {@code caller}, narrowed to {@code only} (every campaign of the
   * tenant when empty): the client's messages in, frames out.
   */
  public Flow<Incoming, Outgoing, NotUsed> flow(Principal caller, Optional<Set<String>> only) {
    Session session = new Session(caller.tenant(), only);
    Pair<ActorRef<CampaignsChanged>, Source<CampaignsChanged, NotUsed>> notices =
        ActorSource.<CampaignsChanged>actorRef(
                notice -> false,
                notice -> Optional.empty(),
                NOTICE_BUFFER,
                OverflowStrategy.dropHead())
            .preMaterialize(system);
    CampaignChanges changes = CampaignChanges.get(system);
    changes.subscribe(caller.tenant(), notices.first());
    Source<Signal, NotUsed> changed =
        notices
            .second()
            .filter(notice -> notice.tenant().equals(caller.tenant()))
            .map(notice -> new Changed(new TreeSet<>(notice.campaignIds())))
            .conflate(Changed::union)
            .<Signal>map(changedCampaigns -> changedCampaigns)
            .watchTermination(
                (notUsed, done) -> {
                  done.whenComplete(
                      (ok, failure) -> changes.unsubscribe(caller.tenant(), notices.first()));
                  return notUsed;
                });
    Duration untilExpiry = Duration.between(clock.instant(), caller.expiresAt());
    Source<Signal, NotUsed> expiry =
        Source.<Signal>single(Expired.INSTANCE)
            .initialDelay(untilExpiry.isNegative() ? Duration.ZERO : untilExpiry)
            .concat(Source.never());
    return Flow.<Incoming>create()
        .<Signal>map(FromClient::new)
        .prepend(Source.single(Connected.INSTANCE))
        .merge(expiry, true)
        .merge(changed, true)
        .mapAsync(1, session::handle)
        .mapConcat(frames -> frames);
  }

  // ---- what a session reacts to ----

  private sealed interface Signal {}

  private enum Connected implements Signal {
    INSTANCE
  }

  private enum Expired implements Signal {
    INSTANCE
  }

  private record FromClient(Incoming incoming) implements Signal {}

  /** Campaigns whose aggregates changed since the session last read them. */
  private record Changed(Set<String> campaignIds) implements Signal {
    Changed union(Changed later) {
      Set<String> both = new TreeSet<>(campaignIds);
      both.addAll(later.campaignIds());
      return new Changed(both);
    }
  }

  /**
   * One connection's state: which campaigns it follows. The stream hands it one signal at a time,
   * so it needs no lock.
   */
  private final class Session {

    private final String tenant;
    private Optional<Set<String>> only;

    Session(String tenant, Optional<Set<String>> only) {
      this.tenant = tenant;
      this.only = only;
    }

    CompletionStage<List<Outgoing>> handle(Signal signal) {
      if (signal instanceof Changed changed) {
        return changed(changed.campaignIds());
      }
      if (signal instanceof FromClient from) {
        return fromClient(from.incoming());
      }
      if (signal == Expired.INSTANCE) {
        return done(new Outgoing.Close(CloseCodes.UNAUTHORIZED, "the token has expired"));
      }
      return snapshot();
    }

    private CompletionStage<List<Outgoing>> fromClient(Incoming incoming) {
      if (incoming instanceof Incoming.TooBig) {
        return done(new Outgoing.Close(CloseCodes.TOO_BIG, "the frame is too big"));
      }
      if (incoming instanceof Incoming.Binary) {
        return error("invalid-request", "frames are JSON text, not binary");
      }
      JsonNode frame;
      try {
        frame = Json.MAPPER.readTree(((Incoming.Text) incoming).text());
      } catch (JsonProcessingException e) {
        return error("invalid-request", "the frame is not JSON: " + e.getOriginalMessage());
      }
      if (frame == null || !frame.isObject() || !frame.path("type").isTextual()) {
        return error("invalid-request", "a frame is a JSON object with a string 'type'");
      }
      String type = frame.get("type").asText();
      return switch (type) {
        case "subscribe" -> subscribe(frame.path("campaignIds"));
        case "ping" -> done(text(Json.MAPPER.createObjectNode().put("type", "pong")));
        default -> error("invalid-request", "unknown frame type '" + type + "'");
      };
    }

    /** Narrows the connection to {@code campaignIds} (every campaign when absent or null). */
    private CompletionStage<List<Outgoing>> subscribe(JsonNode campaignIds) {
      if (campaignIds.isMissingNode() || campaignIds.isNull()) {
        only = Optional.empty();
        return snapshot();
      }
      List<String> ids = new ArrayList<>();
      if (!campaignIds.isArray() || campaignIds.isEmpty()) {
        return error("invalid-request", "'campaignIds' is a non-empty array of campaign ids");
      }
      for (JsonNode id : campaignIds) {
        if (!id.isTextual()) {
          return error("invalid-request", "'campaignIds' holds strings");
        }
        ids.add(id.asText());
      }
      String invalid = invalid(ids);
      if (invalid != null) {
        return error("invalid-request", invalid);
      }
      only = Optional.of(new LinkedHashSet<>(ids));
      return snapshot();
    }

    /** {@code snapshot {campaignIds, campaigns: [CampaignView]}}: the followed campaigns now. */
    private CompletionStage<List<Outgoing>> snapshot() {
      CompletionStage<List<String>> ids =
          only.<CompletionStage<List<String>>>map(
                  set -> CompletableFuture.completedFuture(List.copyOf(set)))
              .orElseGet(
                  () ->
                      queries
                          .campaigns(tenant, SNAPSHOT_CAMPAIGNS)
                          .thenApply(
                              found ->
                                  found.stream().map(summary -> summary.campaignId()).toList()));
      return ids.thenCompose(this::views)
          .thenApply(
              views -> {
                ObjectNode frame = Json.MAPPER.createObjectNode().put("type", "snapshot");
                if (only.isPresent()) {
                  ArrayNode followed = frame.putArray("campaignIds");
                  only.get().forEach(followed::add);
                } else {
                  frame.putNull("campaignIds");
                }
                frame.set("campaigns", Json.tree(views));
                return List.<Outgoing>of(text(frame));
              })
          .exceptionallyCompose(this::unavailable);
    }

    /** A {@code campaign} frame for each changed campaign the connection follows. */
    private CompletionStage<List<Outgoing>> changed(Set<String> campaignIds) {
      List<String> followed =
          campaignIds.stream()
              .filter(id -> only.map(set -> set.contains(id)).orElse(true))
              .toList();
      return views(followed)
          .thenApply(
              views ->
                  views.stream()
                      .map(
                          view -> {
                            ObjectNode frame =
                                Json.MAPPER.createObjectNode().put("type", "campaign");
                            frame.set("campaign", Json.tree(view));
                            return text(frame);
                          })
                      .toList())
          .exceptionallyCompose(this::unavailable);
    }

    /** The current aggregates of those of {@code campaignIds} with engagement, in that order. */
    private CompletionStage<List<CampaignView>> views(List<String> campaignIds) {
      List<CompletableFuture<Optional<CampaignAnalytics>>> reads =
          campaignIds.stream()
              .map(id -> queries.campaign(tenant, id).toCompletableFuture())
              .toList();
      return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
          .thenApply(
              all ->
                  reads.stream()
                      .map(CompletableFuture::join)
                      .flatMap(Optional::stream)
                      .map(CampaignView::of)
                      .toList());
    }

    private CompletionStage<List<Outgoing>> unavailable(Throwable failure) {
      system.log().warn("could not read the analytics of tenant {}", tenant, failure);
      return error("unavailable", "the analytics could not be read; subscribe again");
    }
  }

  private static CompletionStage<List<Outgoing>> error(String code, String message) {
    ObjectNode frame = Json.MAPPER.createObjectNode().put("type", "error");
    frame.put("code", code);
    frame.put("message", message);
    return done(text(frame));
  }

  private static Outgoing text(ObjectNode frame) {
    return new Outgoing.Text(frame.toString());
  }

  private static CompletionStage<List<Outgoing>> done(Outgoing outgoing) {
    return CompletableFuture.completedFuture(List.of(outgoing));
  }
}
