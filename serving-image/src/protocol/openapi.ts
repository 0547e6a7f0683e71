/** /docs (Swagger UI) and /openapi.json, generated from the route schemas. */
import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { ServerConfig } from '../operations/config';
import { SERVER_NAME, SERVER_VERSION } from '../operations/package-info';

/** Registers the OpenAPI generator and its two routes; call before the routes it documents. */
export async function registerOpenApi(app: FastifyInstance, config: ServerConfig): Promise<void> {
  await app.register(swagger, {
    openapi: {
      info: {
        title: `${SERVER_NAME} model server`,
        description: `Open Inference Protocol V2 and KServe V1 for model ${config.modelName} version ${config.modelVersion}`,
        version: SERVER_VERSION,
      },
      tags: [{ name: 'v2', description: 'Open Inference Protocol V2' }, { name: 'v1', description: 'KServe V1' },
        { name: 'health', description: 'Kubernetes probes' }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', logLevel: 'warn' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
