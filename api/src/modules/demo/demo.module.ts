import { Module } from '@nestjs/common';
import { DemoSeeder } from './demo.seeder.js';
import { PilotDataGenerator } from './pilot-data.js';

@Module({ providers: [DemoSeeder, PilotDataGenerator], exports: [DemoSeeder, PilotDataGenerator] })
export class DemoModule {}
