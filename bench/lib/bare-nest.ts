/**
 * The framework floor: an empty Nest app on the same Fastify adapter the gateway uses, with the
 * same global ValidationPipe, serving a GET hello and a validated JSON POST (the shape of POST
 * /agents/verify), with no middleware, guard or logging. What the gateway can at best reach while
 * it is a Nest app. Runs in a process of its own; prints its port, then serves until killed.
 */
import 'reflect-metadata';
import { Body, Controller, Get, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { createValidationPipe } from '@portcullis/common';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';

class VerifyBody {
  @IsString()
  @MaxLength(8192)
  token!: string;

  @IsString()
  @MaxLength(128)
  capability!: string;

  @IsOptional()
  @IsBoolean()
  consume?: boolean;
}

@Controller()
class HelloController {
  @Get()
  hello(): { hello: string } {
    return { hello: 'world' };
  }

  @Post('verify')
  @HttpCode(200)
  verify(@Body() body: VerifyBody): { allowed: boolean; reason: string; capability: string } {
    return { allowed: true, reason: 'granted', capability: body.capability };
  }
}

@Module({ controllers: [HelloController] })
class BareModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(BareModule, new FastifyAdapter(), { logger: false });
  app.useGlobalPipes(createValidationPipe());
  await app.listen(0, '127.0.0.1');
  console.log(String((app.getHttpServer().address() as { port: number }).port));
}

void main();
