/**
 * A collection as cloudbase-framework's database plugin declares it; the emulator and the deploy step
 * both read this shape.
 */
export interface CollectionDeclaration {
  collectionName: string;
  createIndexes: {
    name: string;
    unique?: boolean;
    keys: { name: string; direction: '1' | '-1' | '2dsphere' }[];
  }[];
  /** Simple permission mode, or CUSTOM with aclRule. */
  aclTag?: 'READONLY' | 'PRIVATE' | 'ADMINWRITE' | 'ADMINONLY' | 'CUSTOM';
  /** Custom security rule; `{}` denies every client. */
  aclRule?: Record<string, unknown>;
}
