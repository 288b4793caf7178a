package ai.maily.mesh.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class JsonLimitsTest {

  private static final JsonLimits LIMITS = JsonLimits.fromConfig(ConfigFactory.load());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** {@code levels} objects inside each other, the innermost holding a string. */
  private static JsonNode nested(int levels) {
    ObjectNode root = NODES.objectNode();
    ObjectNode inner = root;
    for (int i = 1; i < levels; i++) {
      inner = inner.putObject("a");
    }
    inner.put("leaf", "x");
    return root;
  }

  private static JsonNode parse(String json) throws IOException {
    return JSON.readTree(json);
  }

  @Test
  void takesItsStringAndNumberBoundsFromTheSerializerAndItsDepthFromMeshJson() {
    assertThat(LIMITS)
        .isEqualTo(
            new JsonLimits(
                ConfigFactory.load().getInt("mesh.json.max-depth"), 20_000_000, 50_000, 1000));
  }

  @Test
  void refusesADepthThatLeavesTheSerializerNoRoomToWrapADocument() {
    assertThatThrownBy(
            () ->
                JsonLimits.fromConfig(
                    ConfigFactory.parseString("mesh.json.max-depth = 990")
                        .withFallback(ConfigFactory.load())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mesh.json.max-depth = 990");
  }

  @Test
  void acceptsADocumentNestedExactlyToTheLimit() {
    assertThat(LIMITS.problemIn(nested(LIMITS.maxDepth()))).isEmpty();
  }

  @Test
  void refusesADocumentNestedOneLevelTooDeepAndSaysWhere() {
    assertThat(LIMITS.problemIn(nested(LIMITS.maxDepth() + 1)))
        .hasValueSatisfying(
            problem ->
                assertThat(problem)
                    .startsWith("the value at /a/a")
                    .endsWith("nests deeper than " + LIMITS.maxDepth() + " levels"));
  }

  @Test
  void countsArraysAsLevels() throws IOException {
    String deep = "[".repeat(LIMITS.maxDepth() + 1) + "]".repeat(LIMITS.maxDepth() + 1);
    assertThat(LIMITS.problemIn(parse(deep))).isPresent();
    String limit = "[".repeat(LIMITS.maxDepth()) + "]".repeat(LIMITS.maxDepth());
    assertThat(LIMITS.problemIn(parse(limit))).isEmpty();
  }

  @Test
  void refusesALoneSurrogateInAStringValue() throws IOException {
    assertThat(LIMITS.problemIn(parse("{\"subject\": [\"ok\", \"x\\ud800\"]}")))
        .hasValue(
            "the value at /subject/1 is not well-formed Unicode: an unpaired surrogate U+D800 at"
                + " index 1");
  }

  @Test
  void refusesALoneLowSurrogateAndAHighOneAtTheEnd() {
    assertThat(JsonLimits.unpaired("\udc00x")).isPresent();
    assertThat(JsonLimits.unpaired("x\ud83d")).isPresent();
    assertThat(JsonLimits.unpaired("\ude00\ud83d")).isPresent();
  }

  @Test
  void acceptsAstralCharactersAsSurrogatePairs() throws IOException {
    assertThat(JsonLimits.unpaired("grin \ud83d\ude00 \uD834\uDD1E")).isEmpty();
    assertThat(LIMITS.problemIn(parse("{\"\\ud83d\\ude00\": \"\\ud83d\\ude00\"}"))).isEmpty();
  }

  @Test
  void refusesALoneSurrogateInAKey() throws IOException {
    assertThat(LIMITS.problemIn(parse("{\"a\": {\"\\ud800\": 1}}")))
        .hasValueSatisfying(problem -> assertThat(problem).startsWith("the value at /a has a key"));
  }

  @Test
  void escapesPointerSegmentsThatHoldSlashesOrTildes() throws IOException {
    assertThat(LIMITS.problemIn(parse("{\"a/b~c\": \"\\udfff\"}")))
        .hasValueSatisfying(problem -> assertThat(problem).startsWith("the value at /a~1b~0c "));
  }

  @Test
  void quotesAShortPointerOnOneLineHoweverLongAndOddTheKeys() {
    String key = "line\nbreak" + "k".repeat(1000);
    JsonNode document = object(key, object(key, NODES.textNode("\ud800")));
    assertThat(LIMITS.problemIn(document))
        .hasValueSatisfying(
            problem ->
                assertThat(problem)
                    .startsWith("the value at /line\\u000abreakkk")
                    .doesNotContain("\n")
                    .hasSizeLessThan(250));
  }

  private static ObjectNode object(String key, JsonNode value) {
    ObjectNode object = NODES.objectNode();
    object.set(key, value);
    return object;
  }

  @Test
  void refusesTextLongerThanTheSerializerReads() {
    JsonLimits small = new JsonLimits(4, 3, 3, 3);
    assertThat(small.problemIn("abc")).isEmpty();
    assertThat(small.problemIn("abcd")).hasValue("has 4 characters; at most 3 allowed");
    assertThat(small.problemIn(NODES.objectNode().put("abcd", 1))).isPresent();
  }

  @Test
  void refusesAFloatingPointNumberBeyondADoublesRange() throws IOException {
    assertThat(LIMITS.problemIn(parse("{\"n\": 1e400}")))
        .hasValue("the value at /n is a number out of range");
    assertThat(LIMITS.problemIn(parse("{\"n\": -1e400}"))).isPresent();
    assertThat(LIMITS.problemIn(parse("{\"n\": 1.7976931348623157e308}"))).isEmpty();
  }

  @Test
  void refusesABigNumberLongerThanTheSerializerReads() {
    JsonLimits small = new JsonLimits(4, 10, 10, 5);
    assertThat(small.problemIn(NODES.numberNode(new BigInteger("12345")))).isEmpty();
    assertThat(small.problemIn(NODES.numberNode(new BigInteger("123456")))).isPresent();
    assertThat(small.problemIn(NODES.numberNode(new BigDecimal("1.23456")))).isPresent();
  }

  @Test
  void whatItAcceptsTheCborSerializerWritesAndReadsBack() throws IOException {
    CBORMapper cbor = new CBORMapper();
    JsonNode document =
        parse(
            "{\"deep\": "
                + "[".repeat(LIMITS.maxDepth() - 1)
                + "\"\\ud83d\\ude00\", 1e308, 123456789012345678901234567890"
                + "]".repeat(LIMITS.maxDepth() - 1)
                + "}");
    assertThat(LIMITS.problemIn(document)).isEmpty();
    assertThat(cbor.readTree(cbor.writeValueAsBytes(document))).isEqualTo(document);
  }

  @Test
  void whatItRefusesForASurrogateTheCborSerializerCannotWrite() throws IOException {
    JsonNode document = parse("{\"a\": \"\\ud800\"}");
    assertThat(LIMITS.problemIn(document)).isPresent();
    assertThatThrownBy(() -> new CBORMapper().writeValueAsBytes(document))
        .isInstanceOf(IOException.class);
  }
}
