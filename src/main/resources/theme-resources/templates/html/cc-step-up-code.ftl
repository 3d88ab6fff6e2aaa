<#import "template.ftl" as layout>
<@layout.emailLayout>
<div style="font-family: Arial, Helvetica, sans-serif; font-size: 15px; line-height: 1.5; color: #1f1f1f; max-width: 560px;">
  <p>${msg("ccEmailCodeIntro", ccSiteName)}</p>
  <p id="cc-code" style="font-size: 28px; letter-spacing: 6px; font-weight: bold;">${ccCode}</p>
  <p>${msg("ccEmailCodeExpiry", ccMinutes)}</p>
  <p style="color: #555;">${msg("ccEmailCodeNotYou")}</p>
</div>
</@layout.emailLayout>
