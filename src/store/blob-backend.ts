import type { Readable } from 'node:stream';

/** The blob is not there (removed with its session, or never written). */
export class BlobMissing extends Error {
  constructor(readonly key: string) { super(`no blob ${key}`); }
}

/** Bytes [start, end] of a blob, both inclusive, as HTTP Range counts them. */
export interface ByteRange { start: number; end: number }

/** What an adapter does; keys are checked and temporary files handled by the store around it. */
export interface BlobBackend {
  readonly name: 'filesystem' | 's3';
  /** Moves (or uploads) a finished local file to `key`; the file is gone afterwards. */
  commit(file: string, key: string): Promise<void>;
  put(key: string, bytes: Buffer): Promise<void>;
  get(key: string): Promise<Buffer>;
  size(key: string): Promise<number>;
  open(key: string, range?: ByteRange): Promise<Readable>;
  /** Writes the blob's bytes to a new local file at `file`. */
  copyTo(key: string, file: string): Promise<void>;
  remove(key: string): Promise<void>;
  /** A time-limited URL a client can fetch the blob from directly, when the store offers one. */
  presign(key: string, contentType: string): Promise<string | null>;
  /** Fails with a clear message when the store cannot be used (a missing bucket, wrong credentials). */
  check(): Promise<void>;
}
