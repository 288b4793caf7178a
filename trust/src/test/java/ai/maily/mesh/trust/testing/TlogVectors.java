package ai.maily.mesh.trust.testing;

import ai.maily.mesh.trust.hash.Hash;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** The shared tlog test vectors ({@code tlog/vectors.json} on the test classpath), typed. */
public final class TlogVectors {

  private static final JsonNode ROOT = load();

  private TlogVectors() {}

  /** The raw document, for sections read only once. */
  public static JsonNode json() {
    return ROOT;
  }

  /** An inclusion proof case. */
  public record Inclusion(
      String id,
      long leafIndex,
      long treeSize,
      byte[] leafHash,
      List<byte[]> path,
      byte[] root,
      boolean valid,
      String desc) {

    @Override
    public String toString() {
      return id;
    }
  }

  /** A consistency proof case. */
  public record Consistency(
      String id,
      long size1,
      long size2,
      byte[] root1,
      byte[] root2,
      List<byte[]> path,
      boolean valid,
      String desc) {

    @Override
    public String toString() {
      return id;
    }
  }

  /** The classic 8-leaf tree. */
  public record ReferenceTree(
      List<byte[]> leaves,
      List<Hash> leafHashes,
      List<List<Hash>> nodeHashes,
      List<Hash> rootsBySize) {}

  /** Cases of section {@code inclusion} or {@code generated_inclusion}. */
  public static List<Inclusion> inclusion(String section) {
    List<Inclusion> cases = new ArrayList<>();
    for (JsonNode c : ROOT.get(section)) {
      cases.add(
          new Inclusion(
              c.get("id").asText(),
              // Go's uint64 leaf indices are read with the same 64 bits; 2^64 - 1 ("leafIdx sub
              // @1" from 0) becomes -1 and must be rejected as out of range.
              Long.parseUnsignedLong(c.get("leaf_index").asText()),
              c.get("tree_size").asLong(),
              hex(c.get("leaf_hash")),
              hexList(c.get("path")),
              hex(c.get("root")),
              c.get("valid").asBoolean(),
              c.get("desc").asText()));
    }
    return cases;
  }

  /** Cases of section {@code consistency} or {@code generated_consistency}. */
  public static List<Consistency> consistency(String section) {
    List<Consistency> cases = new ArrayList<>();
    for (JsonNode c : ROOT.get(section)) {
      cases.add(
          new Consistency(
              c.get("id").asText(),
              c.get("size1").asLong(),
              c.get("size2").asLong(),
              hex(c.get("root1")),
              hex(c.get("root2")),
              hexList(c.get("path")),
              c.get("valid").asBoolean(),
              c.get("desc").asText()));
    }
    return cases;
  }

  public static ReferenceTree referenceTree() {
    JsonNode tree = ROOT.get("reference_tree");
    List<List<Hash>> nodeHashes = new ArrayList<>();
    for (JsonNode level : tree.get("node_hashes")) {
      nodeHashes.add(hashList(level));
    }
    return new ReferenceTree(
        hexList(tree.get("leaves")),
        hashList(tree.get("leaf_hashes")),
        nodeHashes,
        hashList(tree.get("roots_by_size")));
  }

  public static byte[] hex(JsonNode node) {
    return HexFormat.of().parseHex(node.asText());
  }

  public static List<byte[]> hexList(JsonNode array) {
    List<byte[]> list = new ArrayList<>();
    array.forEach(node -> list.add(hex(node)));
    return list;
  }

  public static List<Hash> hashList(JsonNode array) {
    List<Hash> list = new ArrayList<>();
    array.forEach(node -> list.add(Hash.fromHex(node.asText())));
    return list;
  }

  private static JsonNode load() {
    try (InputStream in = TlogVectors.class.getResourceAsStream("/tlog/vectors.json")) {
      if (in == null) {
        throw new IllegalStateException("tlog/vectors.json is not on the test classpath");
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
