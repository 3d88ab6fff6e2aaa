<#-- The login stops here: block-and-email mode (a reset link was emailed), no way to prove it is the user, or a password
     kept by a read-only directory (it must be changed there). -->
<#import "template.ftl" as layout>
<#import "compromised-common.ftl" as cc>
<@layout.registrationLayout displayMessage=false; section>
    <#if section = "header">
        ${msg("ccBlockedTitle")}
    <#elseif section = "form">
        <@cc.explanation>
            <#if ccStage == "EXTERNAL">
                <p id="cc-blocked" class="cc-external">${msg("ccExternalPassword", ccSiteName)}</p>
                <#if ccExternalUrl??>
                    <p><a id="cc-external-link" href="${ccExternalUrl}" rel="noopener noreferrer">${msg("ccExternalPasswordLink")}</a></p>
                </#if>
            <#elseif ccStage == "PASSWORD_CHANGED_MEANWHILE">
                <p id="cc-blocked">${msg("ccPasswordChangedMeanwhile")}</p>
            <#elseif ccStage == "BLOCKED_EMAIL_SENT" && ccEmailMasked??>
                <p id="cc-blocked">${msg("ccBlockedEmailSent", ccEmailMasked)}</p>
            <#else>
                <p id="cc-blocked">${msg("ccBlockedNoSecondFactor")}</p>
            </#if>
        </@cc.explanation>
        <@cc.support/>
    </#if>
</@layout.registrationLayout>
