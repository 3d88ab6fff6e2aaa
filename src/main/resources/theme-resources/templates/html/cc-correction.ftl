<#import "template.ftl" as layout>
<@layout.emailLayout>
<div style="font-family: Arial, Helvetica, sans-serif; font-size: 15px; line-height: 1.5; color: #1f1f1f; max-width: 560px;">
  <p id="cc-correction"><strong>${msg("ccEmailCorrectionBody", ccFlaggedOn, ccSiteName)}</strong></p>
  <p id="cc-correction-next">${msg("ccEmailCorrectionNext")}</p>
  <#if ccSupport??>
  <p id="cc-support" style="color: #555;">${msg("ccEmailSupport", ccSupport)}</p>
  </#if>
</div>
</@layout.emailLayout>
