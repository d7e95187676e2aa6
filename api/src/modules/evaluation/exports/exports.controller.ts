import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Auth, Authenticated } from '../../../common/auth/decorators.js';
import type { AuthContext } from '../../../common/auth/roles.js';
import { uuidParam } from '../../../common/http/pipes.js';
import { ExportsService, type ExportFileName } from './exports.service.js';

const TEXT_FILE = { description: 'The file, as an attachment', schema: { type: 'string' } };

/** Pseudonymised research exports of a study, for platform admins and the study's researchers. */
@ApiTags('exports')
@Controller('studies/:studyId/exports')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  private async send(auth: AuthContext, studyId: string, file: ExportFileName, res: Response): Promise<void> {
    const out = await this.exports.download(auth, studyId, file);
    res.setHeader('Content-Type', out.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${out.filename}"`);
    res.setHeader('Cache-Control', 'no-store');
    res.send(out.body);
  }

  @Get('long.csv')
  @Authenticated({ roles: ['platform_admin', 'researcher'] })
  @ApiOperation({
    operationId: 'exportStudyLongCsv',
    summary: 'One row per participant × instrument × timepoint × item, pseudonymised',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse(TEXT_FILE)
  async long(
    @Auth() auth: AuthContext,
    @Param('studyId', uuidParam()) studyId: string,
    @Res() res: Response,
  ): Promise<void> {
    await this.send(auth, studyId, 'long.csv', res);
  }

  @Get('wide.csv')
  @Authenticated({ roles: ['platform_admin', 'researcher'] })
  @ApiOperation({
    operationId: 'exportStudyWideCsv',
    summary: 'One row per participant with scores per instrument and timepoint, pseudonymised',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse(TEXT_FILE)
  async wide(
    @Auth() auth: AuthContext,
    @Param('studyId', uuidParam()) studyId: string,
    @Res() res: Response,
  ): Promise<void> {
    await this.send(auth, studyId, 'wide.csv', res);
  }

  @Get('codebook.csv')
  @Authenticated({ roles: ['platform_admin', 'researcher'] })
  @ApiOperation({
    operationId: 'exportStudyCodebook',
    summary: 'Every variable of the exports: label, type, value labels, missing codes and files',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse(TEXT_FILE)
  async codebook(
    @Auth() auth: AuthContext,
    @Param('studyId', uuidParam()) studyId: string,
    @Res() res: Response,
  ): Promise<void> {
    await this.send(auth, studyId, 'codebook.csv', res);
  }

  @Get('read.sps')
  @Authenticated({ roles: ['platform_admin', 'researcher'] })
  @ApiOperation({
    operationId: 'exportStudySpssSyntax',
    summary: 'SPSS syntax that reads wide.csv with variable labels, value labels and missing values',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse(TEXT_FILE)
  async spss(
    @Auth() auth: AuthContext,
    @Param('studyId', uuidParam()) studyId: string,
    @Res() res: Response,
  ): Promise<void> {
    await this.send(auth, studyId, 'read.sps', res);
  }

  @Get('read.R')
  @Authenticated({ roles: ['platform_admin', 'researcher'] })
  @ApiOperation({
    operationId: 'exportStudyRScript',
    summary: 'A base-R script that reads wide.csv and long.csv with labels and factors',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse(TEXT_FILE)
  async r(
    @Auth() auth: AuthContext,
    @Param('studyId', uuidParam()) studyId: string,
    @Res() res: Response,
  ): Promise<void> {
    await this.send(auth, studyId, 'read.R', res);
  }

  @Get('export.zip')
  @Authenticated({ roles: ['platform_admin', 'researcher'] })
  @ApiOperation({
    operationId: 'exportStudyZip',
    summary: 'All five export files, made together, in one zip',
  })
  @ApiProduces('application/zip')
  @ApiOkResponse({
    description: 'The zip, as an attachment',
    schema: { type: 'string', format: 'binary' },
  })
  async zip(
    @Auth() auth: AuthContext,
    @Param('studyId', uuidParam()) studyId: string,
    @Res() res: Response,
  ): Promise<void> {
    await this.send(auth, studyId, 'export.zip', res);
  }
}
