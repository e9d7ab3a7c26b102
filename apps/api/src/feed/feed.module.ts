import { Module } from '@nestjs/common';
import { FeedController } from './feed.http.controller';

@Module({ controllers: [FeedController] })
export class FeedModule {}
