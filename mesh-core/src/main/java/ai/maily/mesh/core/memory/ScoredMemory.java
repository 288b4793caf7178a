package ai.maily.mesh.core.memory;

import ai.maily.mesh.core.CborSerializable;

/**
 * A memory found by a search, with how close it is in meaning to the query.
 *
 * @param score the cosine similarity of the memory's and the query's embeddings, in [-1, 1]; for
 *     this model about 0.5 and more for texts on the same subject, about 0 for unrelated ones
 */
public record ScoredMemory(Memory memory, double score) implements CborSerializable {}
