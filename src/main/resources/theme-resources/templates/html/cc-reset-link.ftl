<#import "template.ftl" as layout>
<@layout.emailLayout>
<div style="font-family: Arial, Helvetica, sans-serif; font-size: 15px; line-height: 1.5; color: #1f1f1f; max-width: 560px;">
  <p>${msg("ccEmailResetLinkIntro", ccSiteName)}</p>
  <p><a id="cc-link" href="${ccLink}">${msg("ccEmailResetLinkButton")}</a></p>
  <p>${msg("ccEmailCodeExpiry", ccMinutes)}</p>
  <p style="color: #555;">${msg("ccEmailResetLinkNotYou")}</p>
</div>
</@layout.emailLayout>
