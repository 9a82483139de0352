// The S3 driver: stored files are objects in a bucket of any S3-compatible store, under a
// prefix, so several web and worker processes on several machines share them. Uploads go in
// parts as they arrive (lib-storage's Upload holds a few 5 MB parts at a time, never the whole
// file) and downloads stream the object's body.
import { Readable } from "node:stream";
import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { StoredFileNotFoundError, type StorageDriver } from "./storage-driver.server";

export interface S3Settings {
  bucket: string;
  /** Without slashes at either end; "" for the bucket's root. */
  prefix: string;
  /** For stores other than AWS (MinIO, Ceph, R2, ...); AWS's own endpoint when absent. */
  endpoint?: string;
  region: string;
  /** The SDK's default chain (environment, profile, instance or task role) when absent. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  forcePathStyle: boolean;
}

export function s3Driver(settings: S3Settings): StorageDriver {
  const client = new S3Client({
    region: settings.region,
    endpoint: settings.endpoint,
    credentials: settings.credentials,
    forcePathStyle: settings.forcePathStyle,
  });
  const object = (key: string) => ({ Bucket: settings.bucket, Key: settings.prefix ? `${settings.prefix}/${key}` : key });

  return {
    async write(key: string, content: Readable): Promise<void> {
      // A failed upload leaves no object: a single-part one is never sent, a multipart one is
      // aborted by Upload itself (a bucket lifecycle rule cleans up after a crash, see README).
      await new Upload({ client, params: { ...object(key), Body: content } }).done();
    },

    async read(key: string) {
      try {
        const output = await client.send(new GetObjectCommand(object(key)));
        if (!(output.Body instanceof Readable)) throw new Error(`The S3 client returned no stream for ${key}`);
        return { body: output.Body, size: output.ContentLength ?? 0 };
      } catch (error) {
        throw error instanceof NoSuchKey ? new StoredFileNotFoundError(key) : error;
      }
    },

    async remove(key: string): Promise<void> {
      await client.send(new DeleteObjectCommand(object(key)));
    },

    close() {
      client.destroy();
    },
  };
}
