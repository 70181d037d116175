import { Controller, Get } from '@nestjs/common';
import { APP_VERSION } from '@portcullis/config';

@Controller()
export class RootController {
  @Get()
  index(): { name: string; version: string; status: string } {
    return { name: 'Portcullis', version: APP_VERSION, status: 'ok' };
  }
}
