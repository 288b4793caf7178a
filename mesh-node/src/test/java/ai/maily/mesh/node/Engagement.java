package ai.maily.mesh.node;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.core.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** Engagement events for the live analytics tests, built and ingested over REST. */
final class Engagement {

  private final List<ObjectNode> events = new ArrayList<>();

  /** Adds an email event {@code type} of {@code contact} in {@code campaign} at {@code at}. */
  Engagement add(String campaign, String contact, String type, String at) {
    events.add(
        Json.MAPPER
            .createObjectNode()
            .put("eventId", campaign + "-" + type + "-" + contact + "-" + at)
            .put("contactId", contact)
            .put("campaignId", campaign)
            .put("channel", "email")
            .put("type", type)
            .put("occurredAt", at));
    return this;
  }

  /**
   * Adds {@code contacts} contacts of {@code campaign} sent and delivered at {@code at}, of whom
   * the first {@code opens} open, the first {@code clicks} click and the last {@code bounces}
   * bounce; contacts are named {@code prefix0, prefix1, ...}.
   */
  Engagement send(
      String campaign, String prefix, String at, int contacts, int opens, int clicks, int bounces) {
    for (int i = 0; i < contacts; i++) {
      String contact = prefix + i;
      add(campaign, contact, "sent", at);
      add(campaign, contact, "delivered", at);
      if (i < opens) {
        add(campaign, contact, "open", at);
      }
      if (i < clicks) {
        add(campaign, contact, "click", at);
      }
      if (i >= contacts - bounces) {
        add(campaign, contact, "bounce", at);
      }
    }
    return this;
  }

  /** Posts the events to {@code POST /api/v1/analytics/events} as {@code token}, 1,000 a batch. */
  void ingest(TestNode node, String token) {
    for (int from = 0; from < events.size(); from += 1000) {
      ObjectNode batch = Json.MAPPER.createObjectNode();
      ArrayNode list = batch.putArray("events");
      list.addAll(events.subList(from, Math.min(events.size(), from + 1000)));
      HttpResponse<String> stored = node.post("/analytics/events", token, batch.toString());
      assertThat(stored.statusCode()).as(stored.body()).isEqualTo(202);
    }
  }
}
