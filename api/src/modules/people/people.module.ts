import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { PeopleImportService } from './people-import.service.js';
import { PeopleController } from './people.controller.js';
import { PeopleRepository } from './people.repository.js';
import { PeopleService } from './people.service.js';
import { StaffCsvTooLargeFilter } from './staff-csv-too-large.filter.js';

@Module({
  imports: [
    MulterModule.registerAsync({
      useFactory: (config: AppConfig) => ({
        limits: { fileSize: config.importMaxBytes, files: 1, fields: 5 },
      }),
      inject: [APP_CONFIG],
    }),
  ],
  controllers: [PeopleController],
  providers: [PeopleRepository, PeopleService, PeopleImportService, StaffCsvTooLargeFilter],
  exports: [PeopleRepository],
})
export class PeopleModule {}
