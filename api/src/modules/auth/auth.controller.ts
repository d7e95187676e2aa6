import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  clearSessionCookie,
  CSRF_COOKIE,
  setCsrfCookie,
  setSessionCookies,
} from '../../common/auth/cookies.js';
import { Auth, Authenticated, type AuthedRequest, Public } from '../../common/auth/decorators.js';
import type { AuthContext } from '../../common/auth/roles.js';
import { AuthService, ClientInfo } from './auth.service.js';
import {
  MessageDto,
  PasswordResetCompleteDto,
  PasswordResetRequestDto,
  SessionDto,
  SignInDto,
} from './dto/auth.dto.js';
import { newToken } from './tokens.js';

const clientInfo = (req: Request): ClientInfo => ({
  ip: req.ip ?? null,
  userAgent: req.header('user-agent') ?? null,
  correlationId: req.id ? String(req.id) : null,
});

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Get('session')
  @Public()
  @ApiOperation({
    operationId: 'getSession',
    summary: 'The signed-in user (or null) and the CSRF token to send back',
  })
  @ApiOkResponse({ type: SessionDto })
  async session(@Req() req: AuthedRequest, @Res({ passthrough: true }) res: Response): Promise<SessionDto> {
    if (req.auth) {
      setCsrfCookie(req, res, req.auth.csrfToken);
      return { user: await this.auth.currentUser(req.auth.userId), csrfToken: req.auth.csrfToken };
    }
    const existing: unknown = req.cookies?.[CSRF_COOKIE];
    const csrfToken = typeof existing === 'string' && /^[\w-]{32,64}$/.test(existing) ? existing : newToken();
    setCsrfCookie(req, res, csrfToken);
    return { user: null, csrfToken };
  }

  @Post('sign-in')
  @HttpCode(200)
  @Public()
  @ApiOperation({
    operationId: 'signIn',
    summary: 'Sign in with email and password; starts a session cookie',
  })
  @ApiOkResponse({ type: SessionDto })
  @ApiUnauthorizedResponse({ description: 'Wrong email or password' })
  @ApiTooManyRequestsResponse({ description: 'Too many failed attempts; Retry-After says when to try again' })
  async signIn(
    @Body() dto: SignInDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionDto> {
    const session = await this.auth.signIn(dto.email, dto.password, clientInfo(req));
    setSessionCookies(req, res, session.token, session.csrfToken, session.maxAgeMs);
    return { user: session.user, csrfToken: session.csrfToken };
  }

  @Post('sign-out')
  @HttpCode(204)
  @Authenticated({ roles: 'any' })
  @ApiOperation({ operationId: 'signOut', summary: 'End this session' })
  @ApiNoContentResponse()
  async signOut(
    @Auth() auth: AuthContext,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    await this.auth.signOut(auth);
    clearSessionCookie(req, res);
    setCsrfCookie(req, res, newToken());
  }

  @Post('password-reset')
  @HttpCode(202)
  @Public()
  @ApiOperation({ operationId: 'requestPasswordReset', summary: 'Email a single-use password reset link' })
  @ApiAcceptedResponse({ type: MessageDto })
  async requestReset(@Body() dto: PasswordResetRequestDto): Promise<MessageDto> {
    await this.auth.requestPasswordReset(dto.email);
    return {
      message: `If ${dto.email} has an account, we have sent it a link to reset the password. Check your inbox.`,
    };
  }

  @Post('password-reset/complete')
  @HttpCode(204)
  @Public()
  @ApiOperation({
    operationId: 'completePasswordReset',
    summary: 'Set a new password from a reset or invitation link',
  })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({
    description: 'The link has expired or was used, or the password is not acceptable',
  })
  async completeReset(@Body() dto: PasswordResetCompleteDto): Promise<void> {
    await this.auth.completePasswordReset(dto.token, dto.password);
  }
}
