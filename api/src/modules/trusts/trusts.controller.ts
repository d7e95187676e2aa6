import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Auth, Authenticated } from '../../common/auth/decorators.js';
import type { AuthContext } from '../../common/auth/roles.js';
import { uuidParam } from '../../common/http/pipes.js';
import { CreateTrustDto, InviteMemberDto, MemberDto, TrustDto } from './dto/trust.dto.js';
import { TrustsService } from './trusts.service.js';

@ApiTags('trusts')
@Controller('trusts')
export class TrustsController {
  constructor(private readonly trusts: TrustsService) {}

  @Get()
  @Authenticated({ roles: ['platform_admin', 'lnd_admin'] })
  @ApiOperation({
    operationId: 'listTrusts',
    summary: 'Trusts the caller administers (all, for a platform admin)',
  })
  @ApiOkResponse({ type: [TrustDto] })
  list(@Auth() auth: AuthContext): Promise<TrustDto[]> {
    return this.trusts.list(auth);
  }

  @Post()
  @Authenticated({ roles: ['platform_admin'] })
  @ApiOperation({ operationId: 'createTrust', summary: 'Add a partner trust' })
  @ApiCreatedResponse({ type: TrustDto })
  @ApiConflictResponse({ description: 'ODS code already used' })
  create(@Auth() auth: AuthContext, @Body() dto: CreateTrustDto): Promise<TrustDto> {
    return this.trusts.create(auth, dto);
  }

  @Get(':trustId')
  @Authenticated({ roles: ['platform_admin', 'lnd_admin'] })
  @ApiOperation({ operationId: 'getTrust' })
  @ApiOkResponse({ type: TrustDto })
  get(@Auth() auth: AuthContext, @Param('trustId', uuidParam()) trustId: string): Promise<TrustDto> {
    return this.trusts.get(auth, trustId);
  }

  @Get(':trustId/members')
  @Authenticated({ roles: ['platform_admin', 'lnd_admin'] })
  @ApiOperation({ operationId: 'listTrustMembers', summary: 'People with a role in this trust' })
  @ApiOkResponse({ type: [MemberDto] })
  members(@Auth() auth: AuthContext, @Param('trustId', uuidParam()) trustId: string): Promise<MemberDto[]> {
    return this.trusts.members(auth, trustId);
  }

  @Post(':trustId/invitations')
  @Authenticated({ roles: ['platform_admin', 'lnd_admin'] })
  @ApiOperation({
    operationId: 'inviteTrustMember',
    summary: 'Invite a person to this trust (links an existing account by email)',
  })
  @ApiCreatedResponse({ type: MemberDto })
  invite(
    @Auth() auth: AuthContext,
    @Param('trustId', uuidParam()) trustId: string,
    @Body() dto: InviteMemberDto,
  ): Promise<MemberDto> {
    return this.trusts.invite(auth, trustId, dto);
  }
}
