// class-transformer's metadata storage, as @nestjs/mapped-types reaches it: its CommonJS build ships
// the module without a declaration beside it.
declare module 'class-transformer/cjs/storage' {
  export { defaultMetadataStorage } from 'class-transformer/types/storage';
}
