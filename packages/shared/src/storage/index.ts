export * from './attachments';
export * from './cloud-files';
