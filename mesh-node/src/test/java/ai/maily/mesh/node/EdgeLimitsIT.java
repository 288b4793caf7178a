package ai.maily.mesh.node;

import static ai.maily.mesh.node.GrpcCalls.await;
import static ai.maily.mesh.node.GrpcCalls.codeOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.maily.mesh.core.Json;
import ai.maily.mesh.grpc.v1.MeshServiceClient;
import ai.maily.mesh.grpc.v1.SubmitTaskRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import io.grpc.Status;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every door of a node has a limit and refuses with a problem: bodies that do not arrive in time,
 * URIs and header fields over the parser's limits, gRPC messages over the body limits, and live
 * stream sockets that say nothing for the idle timeout.
 */
class EdgeLimitsIT {

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration PATIENCE = Duration.ofSeconds(15);
  private static final int MAX_BODY = 64 * 1024;
  private static final Duration SOCKET_IDLE = Duration.ofSeconds(2);

  private static TestNode node;
  private static MeshServiceClient client;
  private static String admin;

  @BeforeAll
  static void start() {
    node =
        TestNode.start(
            ConfigFactory.parseMap(
                Map.of(
                    "mesh.http.request-timeout",
                    REQUEST_TIMEOUT.toMillis() + "ms",
                    "mesh.http.max-body-size",
                    MAX_BODY,
                    "mesh.live.idle-timeout",
                    SOCKET_IDLE.toMillis() + "ms")));
    admin = "Bearer " + node.devToken();
    client = MeshServiceClient.create(GrpcCalls.settings(node), node.node().system());
  }

  @AfterAll
  static void stop() {
    client.close();
    node.close();
  }

  private static RawHttp.Response raw(String request) {
    return RawHttp.exchange(node.node().httpPort(), request, PATIENCE);
  }

  private static void assertProblem(RawHttp.Response response, int status, String type) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.headers()).containsEntry("content-type", "application/problem+json");
    assertThat(response.headers()).containsEntry("x-content-type-options", "nosniff");
    JsonNode problem = parse(response);
    assertThat(problem.path("type").asText()).isEqualTo("urn:maily:problem:" + type);
    assertThat(problem.path("status").asInt()).isEqualTo(status);
  }

  private static JsonNode parse(RawHttp.Response response) {
    try {
      return Json.MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
  }

  @Test
  void aBodyThatNeverArrivesGets408WhenTheRequestTimeoutRunsOut() {
    long start = System.nanoTime();
    RawHttp.Response response =
        raw(
            "POST /api/v1/verify HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n");

    assertProblem(response, 408, "request-timeout");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PATIENCE);
  }

  @Test
  void aUriOverTheLimitGets414() {
    assertProblem(
        raw("GET /api/v1/" + "a".repeat(3000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n"),
        414,
        "uri-too-long");
  }

  @Test
  void aHeaderFieldOverTheLimitGets431() {
    assertProblem(
        raw(
            "GET /api/v1/playbooks HTTP/1.1\r\nHost: localhost\r\nX-Big: "
                + "b".repeat(9000)
                + "\r\n\r\n"),
        431,
        "header-fields-too-large");
  }

  @Test
  void tooManyHeaderFieldsGet400() {
    StringBuilder request =
        new StringBuilder("GET /api/v1/playbooks HTTP/1.1\r\nHost: localhost\r\n");
    for (int i = 0; i < 70; i++) {
      request.append("X-Header-").append(i).append(": ").append(i).append("\r\n");
    }

    assertProblem(raw(request.append("\r\n").toString()), 400, "invalid-request");
  }

  @Test
  void everyResponseTellsBrowsersNotToSniffItsType() {
    var response = node.get("/playbooks", node.devToken());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(response.headers().firstValue("Content-Security-Policy")).isEmpty();
  }

  @Test
  void aGrpcMessageOverTheBodyLimitIsResourceExhaustedAndOneUnderItIsServed() throws Exception {
    SubmitTaskRequest under = submit(MAX_BODY - 1024);
    SubmitTaskRequest over = submit(MAX_BODY + 1);
    SubmitTaskRequest huge = submit(512 * MAX_BODY);

    assertThat(
            await(client.submitTask().addHeader("authorization", admin).invoke(under)).getTaskId())
        .isNotEmpty();
    assertThatThrownBy(
            () -> await(client.submitTask().addHeader("authorization", admin).invoke(over)))
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(Status.Code.RESOURCE_EXHAUSTED))
        .hasMessageContaining("urn:maily:problem:payload-too-large");
    // A 32 MB message is refused once the limit's bytes have been read, while the client is still
    // sending: the server answers RESOURCE_EXHAUSTED and resets the rest of the stream, which
    // grpc-java may report as CANCELLED when the reset overtakes the answer.
    assertThatThrownBy(
            () -> await(client.submitTask().addHeader("authorization", admin).invoke(huge)))
        .satisfies(
            e -> assertThat(codeOf(e)).isIn(Status.Code.RESOURCE_EXHAUSTED, Status.Code.CANCELLED));
  }

  /** A request whose serialized size is at least {@code bytes}. */
  private static SubmitTaskRequest submit(int bytes) {
    String padding = "x".repeat(bytes);
    return SubmitTaskRequest.newBuilder()
        .setPlaybook("email-check")
        .setInputJson(
            RestApiIT.EMAIL_INPUT.strip().replaceFirst("\\{", "{\"pad\": \"" + padding + "\", "))
        .build();
  }

  @Test
  void aLiveSocketThatSaysNothingForTheIdleTimeoutIsClosedWith4408() {
    String token = node.devToken();
    var created = node.post("/canvases", token, Map.of("title", "Quiet"));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String canvasId = TestNode.json(created).path("canvasId").asText();

    try (LiveSocket quiet = LiveSocket.open(node.socket("/ws/canvas/" + canvasId), token)) {
      quiet.send(Map.of("type", "subscribe"));

      assertThat(quiet.next().path("type").asText()).isIn("snapshot", "presence");
      assertThat(quiet.closeCode()).isEqualTo(4408);
    }
  }
}
