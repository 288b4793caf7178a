package ai.maily.mesh.agents.llm;

import ai.maily.mesh.core.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a user message back into its data blocks, strictly: the message must be nothing but blocks
 * of the form {@link Prompt} documents, separated by blank lines, each holding one line of JSON.
 */
final class DataBlocks {

  private static final Pattern BLOCK =
      Pattern.compile("<data name=\"([a-z][a-z0-9-]*)\">\n([^\n]*)\n</data>");

  private DataBlocks() {}

  /** The blocks of {@code user}, by name, in order; fails on anything else in the message. */
  static Map<String, JsonNode> parse(String user) {
    Map<String, JsonNode> blocks = new LinkedHashMap<>();
    for (String part : user.split("\n\n", -1)) {
      Matcher block = BLOCK.matcher(part);
      if (!block.matches()) {
        throw new AssertionError("not a data block: " + part);
      }
      try {
        if (blocks.put(block.group(1), Json.MAPPER.readTree(block.group(2))) != null) {
          throw new AssertionError("two blocks named " + block.group(1));
        }
      } catch (JsonProcessingException e) {
        throw new AssertionError("a block's content is not JSON: " + block.group(2), e);
      }
    }
    return blocks;
  }
}
