package ai.maily.mesh.trust.log;

import ai.maily.mesh.trust.tree.StoredNode;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link LogStore} that counts what is asked of it, and can be told to fail writes. */
final class CountingLogStore implements LogStore {

  final LogStore delegate;
  final AtomicInteger writes = new AtomicInteger();
  final AtomicInteger nodeReads = new AtomicInteger();
  volatile boolean failWrites;

  CountingLogStore(LogStore delegate) {
    this.delegate = delegate;
  }

  void reset() {
    writes.set(0);
    nodeReads.set(0);
  }

  @Override
  public void write(long committedSize, List<StoredEntry> entries, List<StoredNode> nodes) {
    writes.incrementAndGet();
    if (failWrites) {
      throw new IllegalStateException("the database is down");
    }
    delegate.write(committedSize, entries, nodes);
  }

  @Override
  public byte[] nodes(int level, long from, long to) {
    nodeReads.incrementAndGet();
    return delegate.nodes(level, from, to);
  }

  @Override
  public List<StoredEntry> entriesFor(String certificateId, long committedSize) {
    return delegate.entriesFor(certificateId, committedSize);
  }

  @Override
  public List<StoredEntry> entries(long from, long to) {
    return delegate.entries(from, to);
  }
}
