package ai.maily.mesh.core;

/**
 * Marker for every message, event and state that crosses a node or the journal; bound to Pekko's
 * Jackson CBOR serializer in {@code serialization.conf}.
 */
public interface CborSerializable {}
