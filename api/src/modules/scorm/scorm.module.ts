import { tmpdir } from 'node:os';
import path from 'node:path';
import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { CourseSeeder } from './course-seeder.js';
import { PackageImportService } from './package-import.service.js';
import { PackagesController } from './packages.controller.js';
import { PackagesRepository } from './packages.repository.js';
import { PackageTooLargeFilter } from './package-too-large.filter.js';
import { CONTENT_STORE, LocalContentStore } from './storage/content-store.js';

@Module({
  imports: [
    MulterModule.registerAsync({
      // Packages can be hundreds of MB: they go to a temporary file, never into memory.
      useFactory: (config: AppConfig) => ({
        dest: path.join(tmpdir(), 'cqp-uploads'),
        limits: { fileSize: config.packageMaxBytes, files: 1, fields: 5 },
      }),
      inject: [APP_CONFIG],
    }),
  ],
  controllers: [PackagesController],
  providers: [
    PackagesRepository,
    PackageImportService,
    PackageTooLargeFilter,
    CourseSeeder,
    {
      provide: CONTENT_STORE,
      useFactory: (config: AppConfig) => new LocalContentStore(config.packageStoreDir),
      inject: [APP_CONFIG],
    },
  ],
  exports: [CONTENT_STORE, CourseSeeder],
})
export class ScormModule {}
