import {
  Body,
  Controller,
  Get,
  Param,
  Post,
  Put,
  Query,
  UploadedFile,
  UseFilters,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Auth, Authenticated } from '../../common/auth/decorators.js';
import type { AuthContext } from '../../common/auth/roles.js';
import { uuidParam } from '../../common/http/pipes.js';
import {
  CreatePersonDto,
  ImportPreviewDto,
  ImportResultDto,
  ListPeopleQueryDto,
  PeoplePageDto,
  PersonDto,
  SetMappingDto,
  UploadDto,
} from './dto/people.dto.js';
import { PeopleImportService } from './people-import.service.js';
import { PeopleService } from './people.service.js';
import { StaffCsvTooLargeFilter } from './staff-csv-too-large.filter.js';

@ApiTags('people')
@Controller('trusts/:trustId')
export class PeopleController {
  constructor(
    private readonly people: PeopleService,
    private readonly imports: PeopleImportService,
  ) {}

  @Get('people')
  @Authenticated({ roles: ['platform_admin', 'lnd_admin'] })
  @ApiOperation({ operationId: 'listPeople', summary: 'Staff of the trust, searchable' })
  @ApiOkResponse({ type: PeoplePageDto })
  list(
    @Auth() auth: AuthContext,
    @Param('trustId', uuidParam()) trustId: string,
    @Query() q: ListPeopleQueryDto,
  ): Promise<PeoplePageDto> {
    return this.people.list(auth, trustId, q);
  }

  @Post('people')
  @Authenticated({ roles: ['platform_admin', 'lnd_admin'] })
  @ApiOperation({
    operationId: 'createPerson',
    summary: 'Add one member of staff (checked as a CSV row would be)',
  })
  @ApiCreatedResponse({ type: PersonDto })
  create(
    @Auth() auth: AuthContext,
    @Param('trustId', uuidParam()) trustId: string,
    @Body() dto: CreatePersonDto,
  ): Promise<PersonDto> {
    return this.people.create(auth, trustId, dto);
  }

  @Post('staff-imports')
  @Authenticated({ roles: ['platform_admin', 'lnd_admin'] })
  @UseFilters(StaffCsvTooLargeFilter)
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadDto })
  @ApiOperation({
    operationId: 'uploadStaffCsv',
    summary: 'Upload a staff CSV; nothing is written to staff records until it is confirmed',
  })
  @ApiCreatedResponse({ type: ImportPreviewDto })
  upload(
    @Auth() auth: AuthContext,
    @Param('trustId', uuidParam()) trustId: string,
    @UploadedFile() file: { originalname: string; buffer: Buffer } | undefined,
  ): Promise<ImportPreviewDto> {
    return this.imports.upload(auth, trustId, file);
  }

  @Get('staff-imports/:importId')
  @Authenticated({ roles: ['platform_admin', 'lnd_admin'] })
  @ApiOperation({
    operationId: 'getStaffImport',
    summary: 'The preview: mapping, row problems, duplicates and what would change',
  })
  @ApiOkResponse({ type: ImportPreviewDto })
  preview(
    @Auth() auth: AuthContext,
    @Param('trustId', uuidParam()) trustId: string,
    @Param('importId', uuidParam()) importId: string,
  ): Promise<ImportPreviewDto> {
    return this.imports.preview(auth, trustId, importId);
  }

  @Put('staff-imports/:importId/mapping')
  @Authenticated({ roles: ['platform_admin', 'lnd_admin'] })
  @ApiOperation({
    operationId: 'setStaffImportMapping',
    summary: 'Choose which column holds each field; answers with the new preview',
  })
  @ApiOkResponse({ type: ImportPreviewDto })
  setMapping(
    @Auth() auth: AuthContext,
    @Param('trustId', uuidParam()) trustId: string,
    @Param('importId', uuidParam()) importId: string,
    @Body() dto: SetMappingDto,
  ): Promise<ImportPreviewDto> {
    return this.imports.setMapping(auth, trustId, importId, dto.mapping);
  }

  @Post('staff-imports/:importId/confirm')
  @Authenticated({ roles: ['platform_admin', 'lnd_admin'] })
  @ApiOperation({
    operationId: 'confirmStaffImport',
    summary: 'Write the previewed rows in one transaction: all or nothing',
  })
  @ApiCreatedResponse({ type: ImportResultDto })
  confirm(
    @Auth() auth: AuthContext,
    @Param('trustId', uuidParam()) trustId: string,
    @Param('importId', uuidParam()) importId: string,
  ): Promise<ImportResultDto> {
    return this.imports.confirm(auth, trustId, importId);
  }
}
