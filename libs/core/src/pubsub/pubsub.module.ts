import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { InMemoryPubSub, PubSub, RedisPubSub } from './pubsub';

@Global()
@Module({})
export class PubSubModule implements OnApplicationShutdown {
  constructor(@Inject(PubSub) private readonly pubsub: PubSub) {}

  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: PubSubModule,
      providers: [
        {
          provide: PubSub,
          useFactory: () =>
            config.redisUrl ? new RedisPubSub(config.redisUrl, `${config.redisPrefix}:live`) : new InMemoryPubSub(),
        },
      ],
      exports: [PubSub],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pubsub.close();
  }
}
