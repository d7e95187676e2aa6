import {
  Body,
  Controller,
  Get,
  Param,
  Post,
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
import { UploadCleanupInterceptor } from '../../common/http/upload-cleanup.interceptor.js';
import { PackageDto, PackageUploadDto, PackageUploadFieldsDto } from './dto/package.dto.js';
import { PackageImportService } from './package-import.service.js';
import { PackageTooLargeFilter } from './package-too-large.filter.js';

type Upload = { path: string; originalname: string } | undefined;

@ApiTags('packages')
@Controller()
export class PackagesController {
  constructor(private readonly packages: PackageImportService) {}

  @Get('packages')
  @Authenticated({ roles: ['platform_admin', 'lnd_admin'] })
  @ApiOperation({
    operationId: 'listPackages',
    summary: 'The global catalogue and the trust catalogues the caller administers',
  })
  @ApiOkResponse({ type: [PackageDto] })
  list(@Auth() auth: AuthContext): Promise<PackageDto[]> {
    return this.packages.list(auth);
  }

  @Get('packages/:packageId')
  @Authenticated({ roles: ['platform_admin', 'lnd_admin'] })
  @ApiOperation({ operationId: 'getPackage' })
  @ApiOkResponse({ type: PackageDto })
  get(@Auth() auth: AuthContext, @Param('packageId', uuidParam()) packageId: string): Promise<PackageDto> {
    return this.packages.get(auth, packageId);
  }

  @Post('packages')
  @Authenticated({ roles: ['platform_admin'] })
  @UseFilters(PackageTooLargeFilter)
  @UseInterceptors(FileInterceptor('file'), UploadCleanupInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: PackageUploadDto })
  @ApiOperation({
    operationId: 'uploadGlobalPackage',
    summary: 'Import a SCORM zip into the global catalogue',
  })
  @ApiCreatedResponse({ type: PackageDto })
  uploadGlobal(
    @Auth() auth: AuthContext,
    @UploadedFile() file: Upload,
    @Body() body: PackageUploadFieldsDto,
  ): Promise<PackageDto> {
    return this.packages.import(auth, null, file, body.replacesPackageId);
  }

  @Post('trusts/:trustId/packages')
  @Authenticated({ roles: ['platform_admin', 'lnd_admin'] })
  @UseFilters(PackageTooLargeFilter)
  @UseInterceptors(FileInterceptor('file'), UploadCleanupInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: PackageUploadDto })
  @ApiOperation({
    operationId: 'uploadTrustPackage',
    summary: "Import a SCORM zip into the trust's catalogue",
  })
  @ApiCreatedResponse({ type: PackageDto })
  uploadForTrust(
    @Auth() auth: AuthContext,
    @Param('trustId', uuidParam()) trustId: string,
    @UploadedFile() file: Upload,
    @Body() body: PackageUploadFieldsDto,
  ): Promise<PackageDto> {
    return this.packages.import(auth, trustId, file, body.replacesPackageId);
  }
}
