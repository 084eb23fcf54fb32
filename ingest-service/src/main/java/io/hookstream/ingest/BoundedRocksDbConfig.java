package io.hookstream.ingest;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Caps the ingest service's RocksDB memory (router and views): every store instance shares one
 * 32 MiB block cache and one write buffer budget, instead of each taking its own 50 MiB+ (Kafka
 * Streams' memory guidance).
 */
public final class BoundedRocksDbConfig implements RocksDBConfigSetter {
  private static final long TOTAL_OFF_HEAP_BYTES = 32L * 1024 * 1024;
  private static final long MEMTABLE_BYTES = 8L * 1024 * 1024;
  private static final Cache CACHE = new LRUCache(TOTAL_OFF_HEAP_BYTES, -1, false, 0.1);
  private static final WriteBufferManager WRITE_BUFFERS =
      new WriteBufferManager(MEMTABLE_BYTES, CACHE);

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
    table.setBlockCache(CACHE);
    table.setCacheIndexAndFilterBlocks(true);
    options.setWriteBufferManager(WRITE_BUFFERS);
    options.setWriteBufferSize(2L * 1024 * 1024);
    options.setMaxWriteBufferNumber(2);
    options.setTableFormatConfig(table);
  }

  @Override
  public void close(String storeName, Options options) {
    // The cache and buffer manager are shared by every store: never closed per store.
  }
}
