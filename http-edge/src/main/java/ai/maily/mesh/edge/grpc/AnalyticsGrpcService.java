package ai.maily.mesh.edge.grpc;

import ai.maily.mesh.analytics.ingest.EngagementIngestion;
import ai.maily.mesh.analytics.ingest.IngestResult;
import ai.maily.mesh.core.Json;
import ai.maily.mesh.edge.auth.Authenticator;
import ai.maily.mesh.edge.auth.Role;
import ai.maily.mesh.grpc.analytics.v1.AnalyticsServicePowerApi;
import ai.maily.mesh.grpc.analytics.v1.EngagementEvent;
import ai.maily.mesh.grpc.analytics.v1.IngestEventsResponse;
import ai.maily.mesh.grpc.analytics.v1.IngestedEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.grpc.javadsl.Metadata;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The gRPC {@code AnalyticsService}: engagement events by client streaming, through the same {@link
 * EngagementIngestion} as REST. Each message is read as the JSON event REST takes (an empty string
 * or an unset field is an absent one), so both protocols validate identically.
 */
public final class AnalyticsGrpcService implements AnalyticsServicePowerApi {

  private final EngagementIngestion ingestion;
  private final Authenticator authenticator;
  private final ActorSystem<?> system;

  public AnalyticsGrpcService(
      EngagementIngestion ingestion, Authenticator authenticator, ActorSystem<?> system) {
    this.ingestion = ingestion;
    this.authenticator = authenticator;
    this.system = system;
  }

  @Override
  public CompletionStage<IngestEventsResponse> ingestEvents(
      Source<EngagementEvent, NotUsed> in, Metadata metadata) {
    return GrpcProblems.reported(
        authenticator
            .authenticate(metadata.getText("authorization"))
            .thenCompose(
                caller -> {
                  caller.require(Role.EDITOR);
                  // One more than allowed, so that an over-long stream is refused, not cut short.
                  return in.take(ingestion.maxEvents() + 1L)
                      .map(AnalyticsGrpcService::toJson)
                      .runWith(Sink.seq(), system)
                      .thenCompose(events -> ingestion.ingest(caller.tenant(), events));
                })
            .thenApply(AnalyticsGrpcService::toProto));
  }

  private static JsonNode toJson(EngagementEvent event) {
    ObjectNode json = Json.MAPPER.createObjectNode();
    putText(json, "eventId", event.getEventId());
    putText(json, "tenant", event.getTenant());
    putText(json, "contactId", event.getContactId());
    putText(json, "campaignId", event.getCampaignId());
    putText(json, "channel", event.getChannel());
    putText(json, "type", event.getType());
    if (event.hasOccurredAt()) {
      Timestamp at = event.getOccurredAt();
      json.put("occurredAt", Instant.ofEpochSecond(at.getSeconds(), at.getNanos()).toString());
    }
    if (event.hasAttributes()) {
      json.set("attributes", toJson(event.getAttributes()));
    }
    return json;
  }

  private static void putText(ObjectNode json, String field, String value) {
    if (!value.isEmpty()) {
      json.put(field, value);
    }
  }

  private static ObjectNode toJson(Struct struct) {
    ObjectNode json = Json.MAPPER.createObjectNode();
    for (Map.Entry<String, Value> field : struct.getFieldsMap().entrySet()) {
      json.set(field.getKey(), toJson(field.getValue()));
    }
    return json;
  }

  private static JsonNode toJson(Value value) {
    return switch (value.getKindCase()) {
      case STRUCT_VALUE -> toJson(value.getStructValue());
      case LIST_VALUE -> toJson(value.getListValue());
      case STRING_VALUE -> Json.MAPPER.getNodeFactory().textNode(value.getStringValue());
      case NUMBER_VALUE -> Json.MAPPER.getNodeFactory().numberNode(value.getNumberValue());
      case BOOL_VALUE -> Json.MAPPER.getNodeFactory().booleanNode(value.getBoolValue());
      case NULL_VALUE, KIND_NOT_SET -> Json.MAPPER.getNodeFactory().nullNode();
    };
  }

  private static ArrayNode toJson(ListValue list) {
    ArrayNode json = Json.MAPPER.createArrayNode();
    list.getValuesList().forEach(value -> json.add(toJson(value)));
    return json;
  }

  private static IngestEventsResponse toProto(IngestResult result) {
    List<IngestedEvent> events =
        result.events().stream()
            .map(
                item ->
                    IngestedEvent.newBuilder()
                        .setEventId(item.eventId())
                        .setStatus(item.status())
                        .setOffset(item.offset())
                        .build())
            .toList();
    return IngestEventsResponse.newBuilder()
        .setStored(result.stored())
        .setDuplicates(result.duplicates())
        .addAllEvents(events)
        .build();
  }
}
