import { Controller, Get, Inject, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../../common/auth/decorators.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';

export class HealthDto {
  @ApiProperty({ enum: ['ok', 'error'] }) status: 'ok' | 'error';
  @ApiProperty({ enum: ['up', 'down'] }) database: 'up' | 'down';
  @ApiProperty({ description: 'Running with synthetic demo data' }) demo: boolean;
  @ApiProperty() version: string;
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ operationId: 'getHealth', summary: 'Whether the service and its database are reachable' })
  @ApiOkResponse({ type: HealthDto })
  @ApiServiceUnavailableResponse({ type: HealthDto })
  async health(@Res({ passthrough: true }) res: Response): Promise<HealthDto> {
    let up = false;
    try {
      await Promise.race([
        this.db.query('SELECT 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref()),
      ]);
      up = true;
    } catch {
      up = false;
    }
    res.setHeader('Cache-Control', 'no-store');
    if (!up) res.status(503);
    return {
      status: up ? 'ok' : 'error',
      database: up ? 'up' : 'down',
      demo: this.config.demoMode,
      version: this.config.version,
    };
  }
}
