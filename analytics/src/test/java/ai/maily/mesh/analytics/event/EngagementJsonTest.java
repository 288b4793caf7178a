package ai.maily.mesh.analytics.event;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.core.Json;
import ai.maily.mesh.core.problem.Problem;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EngagementJsonTest {

  private static ObjectNode open() {
    return (ObjectNode)
        Json.tree(
            Map.of(
                "eventId", "e-1",
                "tenant", "acme",
                "contactId", "c-9",
                "campaignId", "spring",
                "channel", "email",
                "type", "open",
                "occurredAt", "2026-03-01T09:30:00.123456+01:00",
                "attributes", Map.of("userAgent", "Mail/1")));
  }

  @Test
  void readsAValidEventToTheMillisecond() {
    EngagementEvent event = valid(EngagementJson.read(open(), "", Optional.empty()));

    assertThat(event.eventId()).isEqualTo("e-1");
    assertThat(event.tenant()).isEqualTo("acme");
    assertThat(event.channel()).isEqualTo(Channel.EMAIL);
    assertThat(event.type()).isEqualTo(EngagementType.OPEN);
    assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-03-01T08:30:00.123Z"));
    assertThat(event.attributes()).isEqualTo("{\"userAgent\":\"Mail/1\"}");
    assertThat(event.routingKey()).isEqualTo("engagement.email.open");
  }

  @Test
  void writesJsonThatReadsBackToTheSameEvent() {
    EngagementEvent event = valid(EngagementJson.read(open(), "", Optional.empty()));

    assertThat(valid(EngagementJson.read(EngagementJson.toBytes(event)))).isEqualTo(event);
  }

  @Test
  void anEventWithoutCampaignOrAttributesIsValid() {
    ObjectNode visit = open();
    visit.remove("campaignId");
    visit.remove("attributes");
    visit.put("channel", "web").put("type", "visit");

    EngagementEvent event = valid(EngagementJson.read(visit, "", Optional.empty()));

    assertThat(event.campaign()).isEmpty();
    assertThat(event.attributes()).isEqualTo("{}");
  }

  @Test
  void takesTheCallersTenantWhenTheEventNamesNone() {
    ObjectNode item = open();
    item.remove("tenant");

    assertThat(valid(EngagementJson.read(item, "events[0]", Optional.of("dev"))).tenant())
        .isEqualTo("dev");
    assertThat(invalid(EngagementJson.read(item, "", Optional.empty())))
        .extracting(Problem.Violation::field)
        .containsExactly("tenant");
  }

  @Test
  void reportsEveryProblemOfAnEventUnderItsPath() {
    ObjectNode item = open();
    item.put("eventId", "");
    item.put("channel", "fax");
    item.put("occurredAt", "yesterday");
    item.put("colour", "red");
    item.put("attributes", "none");

    assertThat(invalid(EngagementJson.read(item, "events[3]", Optional.of("acme"))))
        .extracting(Problem.Violation::field)
        .containsExactlyInAnyOrder(
            "events[3].colour",
            "events[3].eventId",
            "events[3].channel",
            "events[3].occurredAt",
            "events[3].attributes");
  }

  @Test
  void readsTheSegmentOfTheAttributesAndRefusesABadOne() {
    ObjectNode item = open();
    ((ObjectNode) item.get("attributes")).put("segment", "vip");
    assertThat(valid(EngagementJson.read(item, "", Optional.empty())).segment()).hasValue("vip");
    assertThat(valid(EngagementJson.read(open(), "", Optional.empty())).segment()).isEmpty();

    for (Object bad : List.of("", " ", "x".repeat(129), "a\nb", 7)) {
      ObjectNode wrong = open();
      ((ObjectNode) wrong.get("attributes")).set("segment", Json.tree(bad));
      assertThat(invalid(EngagementJson.read(wrong, "events[1]", Optional.empty())))
          .extracting(Problem.Violation::field)
          .as("segment %s", bad)
          .containsExactly("events[1].attributes.segment");
    }
  }

  @Test
  void refusesATypeItsChannelDoesNotHave() {
    ObjectNode item = open();
    item.put("channel", "trust");

    assertThat(invalid(EngagementJson.read(item, "", Optional.empty())))
        .singleElement()
        .satisfies(
            violation -> {
              assertThat(violation.field()).isEqualTo("type");
              assertThat(violation.message()).contains("'trust' has no 'open'", "[verify]");
            });
  }

  @Test
  void refusesAttributesOverTheirLimit() {
    ObjectNode item = open();
    item.putObject("attributes").put("blob", "x".repeat(EngagementJson.MAX_ATTRIBUTES_BYTES));

    assertThat(invalid(EngagementJson.read(item, "", Optional.empty())))
        .extracting(Problem.Violation::field)
        .containsExactly("attributes");
  }

  @Test
  void refusesIdsWithControlCharactersOrTooLong() {
    ObjectNode item = open();
    item.put("contactId", "a\nb");
    item.put("campaignId", "c".repeat(EngagementJson.MAX_ID_LENGTH + 1));

    assertThat(invalid(EngagementJson.read(item, "", Optional.empty())))
        .extracting(Problem.Violation::field)
        .containsExactlyInAnyOrder("contactId", "campaignId");
  }

  @Test
  void aBodyThatIsNotJsonOrNotAnObjectIsInvalid() {
    assertThat(invalid(EngagementJson.read("{\"eventId\":".getBytes(StandardCharsets.UTF_8))))
        .singleElement()
        .satisfies(violation -> assertThat(violation.message()).startsWith("not valid JSON"));
    assertThat(invalid(EngagementJson.read("[1]".getBytes(StandardCharsets.UTF_8))))
        .singleElement()
        .satisfies(violation -> assertThat(violation.message()).isEqualTo("must be a JSON object"));
  }

  private static EngagementEvent valid(EngagementJson.Read read) {
    assertThat(read).isInstanceOf(EngagementJson.Valid.class);
    return ((EngagementJson.Valid) read).event();
  }

  private static List<Problem.Violation> invalid(EngagementJson.Read read) {
    assertThat(read).isInstanceOf(EngagementJson.Invalid.class);
    return ((EngagementJson.Invalid) read).violations();
  }
}
