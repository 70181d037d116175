import { Controller, Get } from '@nestjs/common';
import { APP_VERSION } from '@portcullis/config';
import { Public } from '../auth/public.decorator';

@Controller()
export class RootController {
  @Public()
  @Get()
  index(): { name: string; version: string; status: string } {
    return { name: 'Portcullis', version: APP_VERSION, status: 'ok' };
  }
}
