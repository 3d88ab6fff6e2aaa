<#-- The second proof before a new password: a code from the user's authenticator app (ccStage OTP) or one
     sent to their verified email (ccStage EMAIL_CODE). -->
<#import "template.ftl" as layout>
<#import "compromised-common.ftl" as cc>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('cc-code'); section>
    <#if section = "header">
        ${msg("ccStepUpTitle")}
    <#elseif section = "form">
        <@cc.explanation>
            <p id="cc-why-step-up">${msg("ccStepUpWhy")}</p>
        </@cc.explanation>
        <form id="cc-step-up-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate="novalidate">
            <div class="${properties.kcFormGroupClass!}">
                <label for="cc-code" class="${properties.kcLabelClass!}">
                    <#if ccStage == "OTP">${msg("ccStepUpOtpLabel")}<#else>${msg("ccStepUpEmailLabel", ccEmailMasked!"")}</#if>
                </label>
                <input type="text" id="cc-code" name="cc-code" class="${properties.kcInputClass!}" autofocus="autofocus"
                       autocomplete="one-time-code" inputmode="numeric" pattern="[0-9 ]*" <#if ccStage != "OTP">maxlength="${ccCodeLength + 2}"</#if>
                       aria-invalid="<#if messagesPerField.existsError('cc-code')>true<#else>false</#if>"/>
                <@cc.fieldError name="cc-code"/>
            </div>
            <div class="${properties.kcFormGroupClass!}">
                <button id="cc-verify" type="submit" name="cc-action" value="verify"
                        class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!} ${properties.kcButtonLargeClass!}">${msg("ccStepUpVerify")}</button>
            </div>
            <#if ccStage == "EMAIL_CODE">
            <div class="${properties.kcFormGroupClass!}">
                <button id="cc-resend" type="submit" name="cc-action" value="resend"
                        class="${properties.kcButtonClass!} ${properties.kcButtonDefaultClass!} ${properties.kcButtonBlockClass!}">${msg("ccStepUpResend")}</button>
            </div>
            </#if>
        </form>
        <@cc.support/>
    </#if>
</@layout.registrationLayout>
