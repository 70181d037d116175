import { SwaggerModule } from '@nestjs/swagger';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createOpenApiDocument } from './openapi-document';

/** Swagger UI at `/docs` and the OpenAPI document at `/docs-json`, outside the `/api/v1` prefix. */
export function registerDocs(app: NestFastifyApplication): void {
  SwaggerModule.setup('docs', app, () => createOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
    yamlDocumentUrl: 'docs-yaml',
    useGlobalPrefix: false,
    ui: true,
    customSiteTitle: 'Portcullis API',
  });
}
