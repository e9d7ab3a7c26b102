import { Module } from '@nestjs/common';
import { AuthController } from './auth.http.controller';

@Module({ controllers: [AuthController] })
export class AuthModule {}
